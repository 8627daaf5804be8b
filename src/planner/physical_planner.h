// PhysicalPlanner: maps an optimized LogicalPlan to a tree of physical
// operators, choosing algorithms (hash aggregate, sort vs TopN, join
// strategy).
#pragma once

#include "common/status.h"
#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

Result<PhysicalOperatorPtr> CreatePhysicalPlan(const LogicalPlan& plan);

}  // namespace copra
