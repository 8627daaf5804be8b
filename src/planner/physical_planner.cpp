#include "planner/physical_planner.h"

#include <algorithm>

#include "exec/filter_operator.h"
#include "exec/first_row_operator.h"
#include "exec/hash_aggregate_operator.h"
#include "exec/hash_join_operator.h"
#include "exec/limit_operator.h"
#include "exec/nested_loop_join_operator.h"
#include "exec/overlapped_projection_operator.h"
#include "exec/project_set_operator.h"
#include "exec/projection_operator.h"
#include "exec/set_operation_operator.h"
#include "exec/sort_operator.h"
#include "exec/table_scan_operator.h"
#include "exec/time_slice_operator.h"
#include "exec/union_all_operator.h"
#include "exec/values_operator.h"
#include "exec/window_operator.h"
#include "function/function_registry.h"
#include "function/scalar_function.h"
#include "planner/join_condition.h"

namespace copra {

namespace {

PhysicalOperatorPtr MakeDistinctOperator(SchemaPtr schema, PhysicalOperatorPtr input) {
  std::vector<BoundExprPtr> groups;
  for (size_t i = 0; i < schema->num_fields(); ++i) {
    groups.push_back(
        BoundExpr::ColumnRef(static_cast<int>(i), schema->field(i).type, schema->field(i).name));
  }
  return std::make_unique<HashAggregateOperator>(schema, std::move(input), std::move(groups),
                                                 std::vector<AggregateCall>{});
}

// Equi-joins become hash joins (keys from the equalities between the two
// sides, the rest of the condition as residual); others nested loops.
PhysicalOperatorPtr MakeJoinOperator(const LogicalPlan& plan, PhysicalOperatorPtr left,
                                     PhysicalOperatorPtr right) {
  LogicalJoinType type = plan.join_type;
  if (plan.predicate != nullptr) {
    if (type == LogicalJoinType::kCross) type = LogicalJoinType::kInner;
    EquiJoinCondition split = SplitEquiJoinCondition(plan.predicate, left->schema()->num_fields(),
                                                     right->schema()->num_fields());
    if (!split.left_keys.empty()) {
      return std::make_unique<HashJoinOperator>(
          plan.schema, std::move(left), std::move(right), type, std::move(split.left_keys),
          std::move(split.right_keys), std::move(split.residual));
    }
  }
  return std::make_unique<NestedLoopJoinOperator>(plan.schema, std::move(left), std::move(right),
                                                  type, plan.predicate);
}

// Filter(row_number = 1) directly over a Window computing only that
// row_number() (the plan DISTINCT ON binds to): the window node, else null.
const LogicalPlan* FirstRowWindow(const LogicalPlan& filter) {
  if (filter.kind != LogicalPlanKind::kFilter || filter.children.size() != 1) return nullptr;
  const LogicalPlan& window = *filter.children[0];
  if (window.kind != LogicalPlanKind::kWindow || window.windows.size() != 1 ||
      window.windows[0].kind != WindowFunctionKind::kRowNumber) {
    return nullptr;
  }
  const BoundExpr& p = *filter.predicate;
  if (p.kind != BoundExprKind::kFunction || p.function == nullptr || p.function->name != "=" ||
      p.children.size() != 2) {
    return nullptr;
  }
  const int row_number = static_cast<int>(window.schema->num_fields()) - 1;
  for (int i = 0; i < 2; ++i) {
    const BoundExpr& ref = *p.children[static_cast<size_t>(i)];
    const BoundExpr& one = *p.children[static_cast<size_t>(1 - i)];
    if (ref.kind == BoundExprKind::kColumnRef && ref.column_index == row_number &&
        one.kind == BoundExprKind::kConstant && !one.value.is_null() &&
        one.value.type() == LogicalType::Int64() && one.value.GetInt64() == 1) {
      return &window;
    }
  }
  return nullptr;
}

bool AnyOverlaps(const std::vector<BoundExprPtr>& exprs) {
  for (const BoundExprPtr& e : exprs) {
    if (e != nullptr && OverlappedProjectionOperator::Overlaps(*e)) return true;
  }
  return false;
}

// An aggregate whose groups, arguments or filters call functions that may
// overlap batches (Python UDFs on worker processes): those expressions are
// computed by an OverlappedProjection below it (the child's columns, then
// one column each), and the aggregate reads them as columns.
PhysicalOperatorPtr MakeAggregateOperator(const LogicalPlan& plan, PhysicalOperatorPtr input) {
  std::vector<BoundExprPtr> groups = plan.groups;
  std::vector<AggregateCall> aggregates = plan.aggregates;
  bool any = AnyOverlaps(groups);
  for (const AggregateCall& a : aggregates)
    any = any || AnyOverlaps(a.args) || AnyOverlaps({a.filter});
  if (!any) {
    return std::make_unique<HashAggregateOperator>(plan.schema, std::move(input), std::move(groups),
                                                   std::move(aggregates));
  }
  const SchemaPtr& in = input->schema();
  std::vector<Field> fields = in->fields();
  std::vector<BoundExprPtr> exprs;
  for (size_t i = 0; i < fields.size(); ++i) {
    exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(i), fields[i].type, fields[i].name));
  }
  auto extract = [&](BoundExprPtr& e) {
    if (e == nullptr || !OverlappedProjectionOperator::Overlaps(*e)) return;
    const int index = static_cast<int>(exprs.size());
    fields.push_back(Field{e->name.empty() ? e->ToString() : e->name, e->type, true});
    exprs.push_back(e);
    e = BoundExpr::ColumnRef(index, e->type, fields.back().name);
  };
  for (BoundExprPtr& g : groups) extract(g);
  for (AggregateCall& a : aggregates) {
    for (BoundExprPtr& arg : a.args) extract(arg);
    extract(a.filter);
  }
  auto projection = std::make_unique<OverlappedProjectionOperator>(
      std::make_shared<Schema>(std::move(fields)), std::move(input), std::move(exprs));
  return std::make_unique<HashAggregateOperator>(plan.schema, std::move(projection),
                                                 std::move(groups), std::move(aggregates));
}

// A TopN marked by rule time_sliced_top_n: TopN over a TimeSlice that runs
// the input once per slice of the time range of its one scan.
Result<PhysicalOperatorPtr> MakeTimeSlicedTopN(const LogicalPlan& plan) {
  std::shared_ptr<const LogicalPlan> input = plan.children[0]->Clone();
  const LogicalPlan* scan = input.get();
  while (scan->kind != LogicalPlanKind::kScan) scan = scan->children[0].get();
  const TimeRange range = scan->time_range.value_or(TimeRange{});
  const int time = scan->table->schema().time_index();
  LogicalType time_type = scan->table->schema().column(static_cast<size_t>(time)).type;
  // The slice as filters too: a table may treat the time range as a hint.
  const TableColumn& ts = scan->table->schema().column(static_cast<size_t>(time));
  BoundExprPtr ts_ref = BoundExpr::ColumnRef(time, ts.type, ts.name);
  auto compare = [ts_ref](const char* op, int64_t bound) -> Result<BoundExprPtr> {
    COPRA_ASSIGN_OR_RETURN(
        auto fn, FunctionRegistry::Global().ResolveScalar(op, {ts_ref->type, ts_ref->type}));
    return BoundExpr::Function(
        fn.function, {ts_ref, BoundExpr::Constant(Value::Timestamp(bound, ts_ref->type.unit()))});
  };
  auto planner = [input, compare](const TimeRange& slice) -> Result<PhysicalOperatorPtr> {
    LogicalPlanPtr copy = input->Clone();
    LogicalPlan* s = copy.get();
    while (s->kind != LogicalPlanKind::kScan) s = s->children[0].get();
    TimeRange r = s->time_range.value_or(TimeRange{});
    if (slice.start > r.start) {
      r.start = slice.start;
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr f, compare(">=", slice.start));
      s->scan_filters.push_back(std::move(f));
    }
    if (slice.end < r.end) {
      r.end = slice.end;
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr f, compare("<", slice.end));
      s->scan_filters.push_back(std::move(f));
    }
    s->time_range = r;
    return CreatePhysicalPlan(*copy);
  };
  COPRA_ASSIGN_OR_RETURN(
      PhysicalOperatorPtr slices,
      TimeSliceOperator::Make(input->schema, std::move(planner), plan.time_slice_bucket,
                              std::move(time_type), range, plan.sort_keys[0].descending,
                              plan.limit.value_or(0) + plan.offset));
  return PhysicalOperatorPtr(
      std::make_unique<SortOperator>(std::move(slices), plan.sort_keys, plan.limit, plan.offset));
}

}  // namespace

Result<PhysicalOperatorPtr> CreatePhysicalPlan(const LogicalPlan& plan) {
  if (plan.kind == LogicalPlanKind::kTopN && plan.time_slice_bucket != nullptr) {
    return MakeTimeSlicedTopN(plan);
  }
  if (const LogicalPlan* window = FirstRowWindow(plan)) {
    COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr input, CreatePhysicalPlan(*window->children[0]));
    const WindowCall& call = window->windows[0];
    return PhysicalOperatorPtr(std::make_unique<FirstRowOperator>(
        window->schema, std::move(input), call.partition_by, call.order_by));
  }
  std::vector<PhysicalOperatorPtr> children;
  for (const LogicalPlanPtr& c : plan.children) {
    COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr op, CreatePhysicalPlan(*c));
    children.push_back(std::move(op));
  }
  switch (plan.kind) {
    case LogicalPlanKind::kScan:
      return PhysicalOperatorPtr(std::make_unique<TableScanOperator>(plan));
    case LogicalPlanKind::kValues:
      return PhysicalOperatorPtr(std::make_unique<ValuesOperator>(plan.schema, plan.rows));
    case LogicalPlanKind::kEmpty:
      return PhysicalOperatorPtr(std::make_unique<EmptyOperator>(plan.schema));
    case LogicalPlanKind::kFilter:
      return PhysicalOperatorPtr(
          std::make_unique<FilterOperator>(std::move(children[0]), plan.predicate));
    case LogicalPlanKind::kProjection:
      if (AnyOverlaps(plan.exprs)) {
        return PhysicalOperatorPtr(std::make_unique<OverlappedProjectionOperator>(
            plan.schema, std::move(children[0]), plan.exprs));
      }
      return PhysicalOperatorPtr(
          std::make_unique<ProjectionOperator>(plan.schema, std::move(children[0]), plan.exprs));
    case LogicalPlanKind::kAggregate: return MakeAggregateOperator(plan, std::move(children[0]));
    case LogicalPlanKind::kSort:
      return PhysicalOperatorPtr(
          std::make_unique<SortOperator>(std::move(children[0]), plan.sort_keys));
    case LogicalPlanKind::kTopN:
      return PhysicalOperatorPtr(std::make_unique<SortOperator>(
          std::move(children[0]), plan.sort_keys, plan.limit, plan.offset));
    case LogicalPlanKind::kLimit:
      return PhysicalOperatorPtr(
          std::make_unique<LimitOperator>(std::move(children[0]), plan.limit, plan.offset));
    case LogicalPlanKind::kDistinct:
      return MakeDistinctOperator(plan.schema, std::move(children[0]));
    case LogicalPlanKind::kJoin:
      return MakeJoinOperator(plan, std::move(children[0]), std::move(children[1]));
    case LogicalPlanKind::kWindow:
      return PhysicalOperatorPtr(
          std::make_unique<WindowOperator>(plan.schema, std::move(children[0]), plan.windows));
    case LogicalPlanKind::kProjectSet:
      return PhysicalOperatorPtr(std::make_unique<ProjectSetOperator>(
          plan.schema, std::move(children[0]), plan.set_functions));
    case LogicalPlanKind::kSetOperation: {
      if (plan.set_op == SetOperationType::kUnion) {
        PhysicalOperatorPtr all =
            std::make_unique<UnionAllOperator>(plan.schema, std::move(children));
        if (plan.set_all) return all;
        return MakeDistinctOperator(plan.schema, std::move(all));
      }
      return PhysicalOperatorPtr(std::make_unique<SetOperationOperator>(
          plan.schema, std::move(children[0]), std::move(children[1]), plan.set_op, plan.set_all));
    }
  }
  return Status::Internal("unknown logical plan node");
}

}  // namespace copra
