// PythonUdf: a Python user-defined function (Timeplus semantics), scalar or
// aggregate, created by
//   CREATE [OR REPLACE] [AGGREGATE] FUNCTION f(a type, ...) RETURNS type
//     LANGUAGE PYTHON AS $$ ... $$ [SETTINGS numpy_optimize_enable = true]
//
// Scalar: the body defines a function f, called once per batch with one
// list per argument (Python values, None for NULL; strings as str, BINARY
// as bytes) — or numpy arrays with numpy_optimize_enable — and returning a
// list (or array) of the same length.
// Aggregate: the body defines a class f with process(self, *columns)
// (called once per group per batch with that group's values as lists) and
// finalize(self) (the group's result, a value or a one-element list);
// optional merge(self, other), serialize(self), deserialize(self, data).
//
// The ScalarFunction / AggregateFunction it exposes carries the Python
// objects; bound plans point at them, so a PythonUdf lives as long as the
// Database that created it (PythonFunctions retires replaced ones).
//
// With SETTINGS backend = 'process' a scalar UDF runs on worker processes
// (python/worker_pool.h); a batch is split across idle workers. An
// aggregate's batches are buffered and run on a worker with the groups'
// states (python/python_aggregator.h).
//
// Thread-safe after Make(); calls are serialized by the GIL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "function/aggregate_function.h"
#include "function/scalar_function.h"
#include "sql/statement.h"

namespace copra {

class PythonUdf {
 public:
  // Compiles the body and checks that it defines the function/class.
  static Result<std::shared_ptr<PythonUdf>> Make(const CreateFunctionStatement& stmt);
  ~PythonUdf();

  const std::string& name() const { return name_; }
  bool is_aggregate() const { return aggregate_; }
  // The CREATE statement, for SHOW FUNCTIONS and persistence.
  const std::string& definition() const { return definition_; }
  const std::vector<LogicalType>& arg_types() const { return arg_types_; }
  const LogicalType& return_type() const { return return_type_; }
  // "f(a BIGINT, b STRING) -> DOUBLE"
  std::string Signature() const;
  // "cpython" (default) or "process" (SETTINGS backend = 'process': each
  // batch runs on worker processes, python/worker_pool.h).
  const std::string& backend() const { return backend_; }

  // Aggregate: whether the class defines merge(self, other) (backend
  // 'process' then aggregates shares of the batches on several workers and
  // merges them, python/python_aggregator.h).
  bool has_merge() const { return has_merge_; }

  // Runs a body (in this process) and checks that it defines `name` as a
  // function (or, for an aggregate, a class). Errors carry their
  // line:column in the body as the position. For backend 'process' this
  // runs in a worker at CREATE time. Returns whether an aggregate class
  // has a merge() method.
  static Result<bool> CheckBody(const std::string& name, const std::string& body, bool aggregate);

  // Scalar: calls the function once, here, on `args` (`rows` long each).
  Result<ColumnPtr> CallInProcess(const std::vector<ColumnPtr>& args, int64_t rows) const;

  // The compiled Python function or class (a python::PyRef; null for
  // backend 'process' in the server). For src/python only.
  const std::shared_ptr<void>& python_object() const { return object_; }

  // REQUIRES: !is_aggregate() / is_aggregate().
  const ScalarFunction* scalar() const;
  const AggregateFunction* aggregate() const;

 private:
  PythonUdf() = default;

  std::string name_;
  bool aggregate_ = false;
  bool has_merge_ = false;
  bool numpy_ = false;
  std::string backend_ = "cpython";
  std::string definition_;
  std::vector<std::string> arg_names_;
  std::vector<LogicalType> arg_types_;
  LogicalType return_type_;
  std::shared_ptr<void> object_;  // python::PyRef: the function or class
  // Argument lists reused between calls (python_udf.cpp ArgListCache); the
  // GIL guards it, which is why a const call may change it.
  std::shared_ptr<void> arg_lists_;
  // shared_ptr: made from a unique_ptr to the derived Python* function
  // types, it deletes them as such (ScalarFunction and AggregateFunction
  // have no virtual destructor).
  std::shared_ptr<ScalarFunction> scalar_;
  std::shared_ptr<AggregateFunction> aggregate_fn_;

  friend struct PythonUdfAccess;
};

}  // namespace copra
