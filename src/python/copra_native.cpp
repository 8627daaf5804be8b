// The `_copra_native` built-in module: the C++ side of copra.query().sql(),
// and ScopedQueryContext (which database that SQL runs in).

#include "engine/database.h"
#include "engine/session.h"
#include "python/py_internal.h"
#include "python/python_runtime.h"
#include "python/query_context.h"
#include "vector/selection.h"

namespace copra::python {

namespace {

thread_local const CoprocessorContext* t_current = nullptr;

[[noreturn]] void RaiseQueryError(const std::string& message) {
  PyErr_SetString(CopraModule().attr("QueryError").ptr(), message.c_str());
  throw py::error_already_set();
}

// Runs `sql` in the current context's database; returns the affected-row
// count for commands or (names, [vector per column]).
py::object RunSql(const std::string& sql) {
  const CoprocessorContext* ctx = ScopedQueryContext::Current();
  if (PythonRuntime::IsWorkerProcess()) {
    RaiseQueryError(
        "query().sql() is not supported with backend=\"process\" (the script runs in a worker "
        "process without the database); use backend=\"cpython\"");
  }
  if (ctx == nullptr || ctx->db == nullptr) {
    RaiseQueryError("query().sql() is only available while a script runs in a database");
  }
  Status status;
  SchemaPtr schema;
  std::vector<BatchPtr> batches;
  int64_t affected = 0;
  bool rows = false;
  {
    // The engine runs without the GIL; it may call Python again.
    py::gil_scoped_release release;
    std::unique_ptr<Session> session = ctx->db->Connect(ctx->database);
    if (!ctx->user.empty()) session->set_authenticated_user(ctx->user);
    status = session->SetSetting("batch_size", std::to_string(ctx->batch_size));
    if (status.ok()) {
      auto result = session->Execute(sql);
      if (!result.ok()) {
        status = result.status();
      } else if ((*result)->returns_rows()) {
        rows = true;
        schema = (*result)->schema();
        auto all = (*result)->FetchAll();
        if (all.ok()) {
          batches = std::move(*all);
        } else {
          status = all.status();
        }
      } else {
        affected = (*result)->rows();
      }
    }
  }
  if (!status.ok()) RaiseQueryError(status.ToString());
  if (!rows) return py::int_(affected);
  py::list names;
  py::list columns;
  for (size_t c = 0; c < schema->num_fields(); ++c) {
    names.append(schema->field(c).name);
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    ColumnPtr col = parts.empty() ? Column::MakeNull(schema->field(c).type, 0)
                                  : (parts.size() == 1 ? parts[0] : ConcatColumns(parts));
    auto vec = ColumnToVector(col);
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
