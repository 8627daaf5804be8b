// Coprocessor: a compiled GreptimeDB-style Python script — exactly one
// function decorated with @coprocessor(args=[...], sql="...",
// returns=[...], backend="...") (or @copr), plus helper definitions,
// imports and constants.
//
// Compile() validates the script (decorator arguments, return and argument
// annotations, one decorated function) with errors that name the script
// line, then runs its top level once. Call() runs the function on one
// batch: the args columns as copra.vector objects, extra parameters as
// **kwargs strings, and converts what it returns (vector, numpy array,
// list, scalar, tuple) into one Column per returns= name.
//
// backend="process" scripts are compiled here too (validation, metadata)
// but each Call() runs on a worker process (python/worker_pool.h).
//
// Thread-safe and immutable after Compile(); calls from several threads
// are serialized by the GIL (or run on different workers). Shared as shared_ptr<const Coprocessor>.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "vector/batch.h"

namespace copra {

class Database;

struct CoprocessorColumn {
  std::string name;
  std::optional<LogicalType> type;  // nullopt: inferred from the first result
  bool nullable = true;             // vector[T | None]
};

struct CoprocessorParam {
  std::string name;
  std::optional<LogicalType> type;  // annotation; nullopt when absent or vector[_]
  bool nullable = true;
};

// What a call may need besides its arguments: the statement's cancel flag
// and, for copra.query().sql(), the database to run SQL in.
struct CoprocessorContext {
  const std::atomic<bool>* cancel = nullptr;
  Database* db = nullptr;
  std::string database;
  int64_t batch_size = kDefaultBatchSize;
  // The user whose privileges the script's SQL runs with ("": unchecked;
  // see Session::set_authenticated_user).
  std::string user;
};

// One call's arguments: the args= columns and their length (-1: none).
struct CoprocessorInput {
  std::vector<ColumnPtr> columns;
  int64_t num_rows = -1;
};

class Coprocessor {
 public:
  // `name` is the script name; Python tracebacks show it as "<name>.py".
  // Syntax and validation errors carry their script line:column as the
  // Status position.
  static Result<std::shared_ptr<const Coprocessor>> Compile(const std::string& name,
                                                            const std::string& source);
  ~Coprocessor();

  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  const std::string& function_name() const { return function_name_; }
  // args= given (possibly empty)?
  bool has_args() const { return has_args_; }
  const std::vector<std::string>& args() const { return args_; }
  bool has_sql() const { return has_sql_; }
  const std::string& sql() const { return sql_; }
  const std::vector<CoprocessorColumn>& returns() const { return returns_; }
  const std::vector<CoprocessorParam>& params() const { return params_; }
  bool accepts_kwargs() const { return accepts_kwargs_; }
  const std::string& backend() const { return backend_; }
  // Remarks for the user (e.g. "backend pyo3 runs on CPython").
  const std::vector<std::string>& notices() const { return notices_; }

  // Calls the function once. `inputs`: one column per parameter (the args=
  // columns); `num_rows`: their length, or -1 without inputs (scalars then
  // become 1 row, or the length of the longest returned vector).
  // `types` (in/out, optional): the output types fixed by an earlier call,
  // used instead of inference; filled after the first call.
  Result<std::vector<ColumnPtr>> Call(const std::vector<ColumnPtr>& inputs, int64_t num_rows,
                                      const std::map<std::string, std::string>& kwargs,
                                      const CoprocessorContext& ctx,
                                      std::vector<LogicalType>* types = nullptr) const;

  // Call() once per element of `batches`, results in order. With
  // backend="process" the calls run on several workers at once (read-ahead
  // of a sql= result); otherwise one after the other. `types` as in
  // Call(); when empty it is fixed by the first batch's result.
  Result<std::vector<std::vector<ColumnPtr>>> CallBatches(
      const std::vector<CoprocessorInput>& batches,
      const std::map<std::string, std::string>& kwargs, const CoprocessorContext& ctx,
      std::vector<LogicalType>* types = nullptr) const;

 private:
  Coprocessor() = default;
  // The inputs after the argument annotations' casts and NULL checks.
  Result<std::vector<ColumnPtr>> PrepareArgs(const std::vector<ColumnPtr>& inputs) const;
  // backend="process": prepared calls on workers of PythonWorkerPool, at once.
  Result<std::vector<std::vector<ColumnPtr>>> CallInWorkers(
      const std::vector<CoprocessorInput>& batches,
      const std::map<std::string, std::string>& kwargs, const CoprocessorContext& ctx,
      std::vector<LogicalType>* types) const;

  std::string name_;
  std::string source_;
  std::string function_name_;
  bool has_args_ = false;
  std::vector<std::string> args_;
  bool has_sql_ = false;
  std::string sql_;
  std::vector<CoprocessorColumn> returns_;
  std::vector<CoprocessorParam> params_;
  bool accepts_kwargs_ = false;
  std::string backend_;
  std::vector<std::string> notices_;
  std::shared_ptr<void> function_;  // python::PyRef
};

// A position in a script (line:column, 1-based) as a position in the SQL
// statement whose $$ body starts at `body_pos`.
SourcePosition MapScriptPosition(SourcePosition in_script, SourcePosition body_pos);

}  // namespace copra
