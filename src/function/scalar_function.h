// ScalarFunction: one overload of a built-in scalar function or operator
// ("+", "=", "lower", "date_trunc", ...), with a vectorized kernel.
//
// Kernel contract:
//  * Called once per batch with arguments already cast to `arg_types`.
//  * Produces a Datum of `return_type`: a Column of ctx.num_rows rows, or a
//    scalar when every argument is a scalar.
//  * Handles NULLs itself (see PropagateValidity in kernel_util.h): most
//    functions return NULL where any argument is NULL, and must not raise
//    errors (division by zero, overflow) for rows that are NULL.
//  * Errors are user errors (kDivisionByZero, kNumericOverflow, ...); the
//    evaluator attaches the expression's position.
//  * Must be thread-safe (no mutable state).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "function/datum.h"
#include "types/logical_type.h"

namespace copra {

struct ScalarFunction;

struct KernelContext {
  int64_t num_rows;
  const ScalarFunction* function;
  // Session-level values some functions need (now()).
  int64_t statement_time_nanos = 0;
};

using ScalarKernel = Result<Datum> (*)(const KernelContext& ctx, const std::vector<Datum>& args);

struct ScalarFunction {
  std::string name;
  std::vector<LogicalType> arg_types;
  LogicalType return_type;
  ScalarKernel kernel = nullptr;
  // The last argument type may repeat (concat, greatest, ...).
  bool variadic = false;
  // False for now(), random(): never constant-folded.
  bool deterministic = true;
  // Set for kernels that mostly wait for other processes (Python UDFs on the
  // worker-process backend): when it returns true on the planning thread,
  // the plan evaluates such calls on several batches at once, each on a
  // thread of its own (exec/overlapped_projection_operator.h).
  bool (*may_overlap_batches)() = nullptr;

  // "name(BIGINT, BIGINT) -> BIGINT"
  std::string Signature() const;
};

}  // namespace copra
