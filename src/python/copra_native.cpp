// The `_copra_native` built-in module: the C++ side of copra.query().sql(),
// and ScopedQueryContext (which database that SQL runs in).

#include "python/py_internal.h"
#include "python/python_runtime.h"
#include "python/query_context.h"
#include "python/server_query.h"

namespace copra::python {

namespace {

thread_local const CoprocessorContext* t_current = nullptr;

[[noreturn]] void RaiseQueryError(const std::string& message) {
  PyErr_SetString(CopraModule().attr("QueryError").ptr(), message.c_str());
  throw py::error_already_set();
}

// Runs `sql` in the current context's database (in a worker: asks the
// server to); returns the affected-row count for commands or (names,
// [vector per column]).
py::object RunSql(const std::string& sql) {
  Result<ServerQueryAnswer> answer = Status::OK();
  {
    // The engine runs without the GIL; it may call Python again.
    py::gil_scoped_release release;
    if (PythonRuntime::IsWorkerProcess()) {
      answer = RunSqlInServer(sql);
    } else {
      answer = RunServerQuery(ScopedQueryContext::Current(), sql);
    }
  }
  if (!answer.ok()) RaiseQueryError(answer.status().message());
  if (!answer->returns_rows) return py::int_(answer->affected);
  py::list names;
  py::list columns;
  for (size_t c = 0; c < answer->columns.size(); ++c) {
    names.append(answer->names[c]);
    auto vec = ColumnToVector(answer->columns[c]);
    if (!vec.ok()) RaiseQueryError(vec.status().message());
    columns.append(*vec);
  }
  return py::make_tuple(names, columns);
}

}  // namespace

ScopedQueryContext::ScopedQueryContext(const CoprocessorContext* ctx) : previous_(t_current) {
  t_current = ctx;
}

ScopedQueryContext::~ScopedQueryContext() { t_current = previous_; }

const CoprocessorContext* ScopedQueryContext::Current() { return t_current; }

}  // namespace copra::python

PYBIND11_EMBEDDED_MODULE(_copra_native, m) {
  m.doc() = "Copra's engine interface for the copra module";
  m.def("sql", &copra::python::RunSql, "Runs SQL in the script's database");
}
