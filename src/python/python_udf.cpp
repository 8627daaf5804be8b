#include "python/python_udf.h"

#include <algorithm>
#include <cctype>

#include "common/cancel_flag.h"
#include "python/coprocessor.h"
#include "python/py_internal.h"
#include "python/python_aggregator.h"
#include "python/python_runtime.h"
#include "python/worker_pool.h"
#include "vector/selection.h"

namespace copra {

namespace py = python::py;

struct PythonUdfAccess {
  static const PythonUdf& Of(const ScalarFunction* fn);
  static const PythonUdf& Of(const AggregateFunction& fn);
  static py::object Object(const PythonUdf& udf) {
    return static_cast<python::PyRef*>(udf.object_.get())->get();
  }
  static bool Numpy(const PythonUdf& udf) { return udf.numpy_; }
};

namespace {

struct PythonScalarFunction : ScalarFunction {
  const PythonUdf* udf = nullptr;
};

struct PythonAggregateFunction : AggregateFunction {
  const PythonUdf* udf = nullptr;
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The return value of a scalar UDF as a column of `rows` rows of `type`.
Result<ColumnPtr> ResultColumn(const PythonUdf& udf, py::object result, int64_t rows) {
  std::string code = python::CodeFromType(udf.return_type());
  py::module_ copra = python::CopraModule();
  if (py::isinstance<py::str>(result) || py::isinstance<py::bytes>(result) ||
      !py::hasattr(result, "__len__")) {
    return Status::Error(ErrorCode::kDatatypeMismatch,
                         "function " + udf.name() + " must return a list of " +
                             std::to_string(rows) + " values, got " +
                             py::str(result.get_type().attr("__name__")).cast<std::string>());
  }
  int64_t n = static_cast<int64_t>(py::len(result));
  if (n != rows) {
    return Status::Error(ErrorCode::kDatatypeMismatch, "function " + udf.name() + " returned " +
                                                           std::to_string(n) + " values for " +
                                                           std::to_string(rows) + " rows");
  }
  // Lists of plain floats / ints / str / bytes (the common per-element UDF)
  // skip numpy.
  if (ColumnPtr col = python::ColumnFromList(result, udf.return_type(), /*nullable=*/true)) {
    return col;
  }
  // STRING results take str or UTF-8 bytes (the arguments came as bytes).
  py::object parts = copra.attr("_convert_column")(result, code, true, udf.name(), rows,
                                                   py::arg("bytes_as_str") = true);
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, python::ColumnFromParts(parts));
  return col;
}

// The argument lists of FLOAT64/FLOAT32 columns, kept from one call to the
// next and refilled in place (python::RefillFloatList): a per-element UDF
// then allocates no float objects for its arguments. Touched only with the
// GIL held.
struct ArgListCache {
  std::vector<PyObject*> lists;  // owned references; nullptr: none yet
  ~ArgListCache() {
    bool any = false;
    for (PyObject* l : lists) any = any || l != nullptr;
    if (!any || !Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    for (PyObject* l : lists) Py_XDECREF(l);
  }
};

Result<py::object> ArgumentValues(const PythonUdf& udf, const ColumnPtr& col) {
  if (PythonUdfAccess::Numpy(udf)) return python::ColumnToNumpy(col);
  COPRA_ASSIGN_OR_RETURN(py::list list, python::ColumnToList(col));
  return py::object(list);
}

// A batch is split into parts of at least this many rows (smaller parts
// cost more in messages than they gain), up to kPartsPerWorker per worker:
// more parts than workers, so that a worker that finishes early takes the
// next part instead of waiting for a slow one (another process may hold
// its core), and results come back part by part.
constexpr int64_t kMinRowsPerPart = 1024;
constexpr int64_t kPartsPerWorker = 4;

Result<Datum> ScalarInWorkers(const PythonUdf& udf, const std::vector<Datum>& args, int64_t rows) {
  std::vector<ColumnPtr> columns;
  for (const Datum& d : args) columns.push_back(d.ToColumn(rows));
  PythonWorkerPool& pool = PythonWorkerPool::Global();
  const int workers = pool.size();
  const int64_t parts =
      workers == 1 ? 1 : std::clamp<int64_t>(rows / kMinRowsPerPart, 1, kPartsPerWorker * workers);
  std::vector<PythonWorkerRequest> requests;
  for (int64_t p = 0; p < parts; ++p) {
    int64_t begin = rows * p / parts;
    int64_t end = rows * (p + 1) / parts;
    PythonWorkerRequest req;
    req.kind = PythonWorkerRequest::Kind::kScalarUdf;
    req.name = udf.name();
    req.source = udf.definition();
    req.num_rows = end - begin;
    for (const ColumnPtr& c : columns) {
      req.inputs.push_back(parts == 1 ? c : c->Slice(begin, end - begin));
    }
    requests.push_back(std::move(req));
  }
  COPRA_ASSIGN_OR_RETURN(auto results, pool.Run(requests, ScopedCancelFlag::Current(),
                                                "function '" + udf.name() + "'"));
  std::vector<ColumnPtr> pieces;
  for (auto& r : results) {
    if (r.size() != 1 || r[0]->type() != udf.return_type()) {
      return Status::Internal("python worker returned an unexpected result for function " +
                              udf.name());
    }
    pieces.push_back(std::move(r[0]));
  }
  ColumnPtr out = pieces.size() == 1 ? pieces[0] : ConcatColumns(pieces);
  if (out->length() != rows) {
    return Status::Internal("python worker returned " + std::to_string(out->length()) +
                            " rows for " + std::to_string(rows));
  }
  return Datum::Flat(std::move(out));
}

Result<Datum> PythonScalarKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  const PythonUdf& udf = PythonUdfAccess::Of(ctx.function);
  if (udf.backend() == "process" && !PythonRuntime::IsWorkerProcess()) {
    return ScalarInWorkers(udf, args, ctx.num_rows);
  }
  std::vector<ColumnPtr> columns;
  for (const Datum& d : args) columns.push_back(d.ToColumn(ctx.num_rows));
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, udf.CallInProcess(columns, ctx.num_rows));
  return Datum::Flat(std::move(col));
}

// Calls on workers may run for several batches at once (from the threads
// of an OverlappedProjection), except from the SQL a worker's
// copra.query().sql() runs: that SQL may only borrow one extra worker
// beyond the pool (see PythonWorkerPool::Run), for one batch at a time.
bool WorkerCallsMayOverlap() {
  return !PythonRuntime::IsWorkerProcess() && !PythonWorkerPool::InWorkerQuery();
}

std::unique_ptr<GroupedAggregator> MakeAggregator(const AggregateFunction& fn) {
  return MakePythonAggregator(PythonUdfAccess::Of(fn));
}

}  // namespace

const PythonUdf& PythonUdfAccess::Of(const ScalarFunction* fn) {
  return *static_cast<const PythonScalarFunction*>(fn)->udf;
}

const PythonUdf& PythonUdfAccess::Of(const AggregateFunction& fn) {
  return *static_cast<const PythonAggregateFunction&>(fn).udf;
}

PythonUdf::~PythonUdf() = default;

Result<std::shared_ptr<PythonUdf>> PythonUdf::Make(const CreateFunctionStatement& stmt) {
  if (stmt.language != "python") {
    return Status::NotSupported(
        "LANGUAGE " + stmt.language + " functions are not supported; use LANGUAGE PYTHON",
        stmt.pos);
  }
  std::shared_ptr<PythonUdf> udf(new PythonUdf());
  udf->arg_lists_ = std::make_shared<ArgListCache>();
  udf->name_ = stmt.name.name();
  udf->aggregate_ = stmt.aggregate;
  udf->definition_ = stmt.text;
  for (const FunctionParam& p : stmt.params) {
    auto type = ParseTypeName(p.type_name);
    if (!type.ok()) return type.status().WithPosition(p.pos);
    if (python::CodeFromType(*type).empty()) {
      return Status::NotSupported(
          "parameters of type " + type->ToString() + " cannot be passed to Python yet", p.pos);
    }
    udf->arg_names_.push_back(p.name);
    udf->arg_types_.push_back(*type);
  }
  auto ret = ParseTypeName(stmt.return_type);
  if (!ret.ok()) return ret.status().WithPosition(stmt.return_type_pos);
  if (python::CodeFromType(*ret).empty()) {
    return Status::NotSupported("Python functions cannot return " + ret->ToString() + " yet",
                                stmt.return_type_pos);
  }
  udf->return_type_ = *ret;
  for (const SqlOption& opt : stmt.settings) {
    std::string key = Lower(opt.key);
    std::string value = Lower(opt.value);
    if (key == "numpy_optimize_enable") {
      if (value != "true" && value != "false" && value != "1" && value != "0") {
        return Status::Error(
            ErrorCode::kInvalidParameter,
            "numpy_optimize_enable must be true or false, not \"" + opt.value + "\"", stmt.pos);
      }
      udf->numpy_ = value == "true" || value == "1";
    } else if (key == "backend") {
      if (value != "cpython" && value != "process") {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "backend must be 'cpython' or 'process', not \"" + opt.value + "\"",
                             stmt.pos);
      }
      udf->backend_ = value;
    } else {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "unknown setting \"" + opt.key +
                               "\" for a Python function (known: numpy_optimize_enable, backend)",
                           stmt.pos);
    }
  }
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  if (udf->backend_ == "process" && !PythonRuntime::IsWorkerProcess()) {
    // The body runs in a worker, never here (see CheckBody).
    PythonWorkerRequest check;
    check.kind = PythonWorkerRequest::Kind::kCheckUdf;
    check.name = udf->name_;
    check.source = stmt.body;
    check.num_rows = stmt.aggregate ? 1 : 0;
    auto checked = PythonWorkerPool::Global().Run({check}, ScopedCancelFlag::Current(),
                                                  "function '" + udf->name_ + "'");
    if (!checked.ok()) {
      const Status& st = checked.status();
      return Status::Error(st.code(), st.message(),
                           MapScriptPosition(st.position(), stmt.body_pos));
    }
    // An aggregate's check answers whether the class has merge().
    const auto& answer = (*checked)[0];
    udf->has_merge_ = stmt.aggregate && answer.size() == 1 &&
                      answer[0]->type() == LogicalType::Boolean() && answer[0]->length() == 1 &&
                      !answer[0]->IsNull(0) && answer[0]->GetValue(0).GetBool();
  } else {
    python::PythonCall call(nullptr, PythonWork::kCompile);
    const std::string context = "function " + udf->name_;
    try {
      py::object obj = python::CopraModule().attr("_compile_udf")(stmt.body, udf->name_ + ".py",
                                                                  udf->name_, stmt.aggregate);
      udf->has_merge_ =
          stmt.aggregate && PyCallable_Check(py::getattr(obj, "merge", py::none()).ptr());
      udf->object_ = std::make_shared<python::PyRef>(obj);
    } catch (py::error_already_set& e) {
      Status st = python::StatusFromPython(e, context, &call, /*script_position=*/true);
      return Status::Error(st.code(), st.message(),
                           MapScriptPosition(st.position(), stmt.body_pos));
    }
  }
  if (stmt.aggregate) {
    auto fn = std::make_unique<PythonAggregateFunction>();
    fn->name = udf->name_;
    fn->arg_types = udf->arg_types_;
    fn->return_type = udf->return_type_;
    fn->make = &MakeAggregator;
    fn->is_order_sensitive = true;
    fn->udf = udf.get();
    udf->aggregate_fn_ = std::move(fn);
  } else {
    auto fn = std::make_unique<PythonScalarFunction>();
    fn->name = udf->name_;
    fn->arg_types = udf->arg_types_;
    fn->return_type = udf->return_type_;
    fn->kernel = &PythonScalarKernel;
    fn->deterministic = false;
    if (udf->backend_ == "process") fn->may_overlap_batches = &WorkerCallsMayOverlap;
    fn->udf = udf.get();
    udf->scalar_ = std::move(fn);
  }
  return udf;
}

Result<bool> PythonUdf::CheckBody(const std::string& name, const std::string& body,
                                  bool aggregate) {
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  python::PythonCall call(nullptr, PythonWork::kCompile);
  try {
    py::object obj =
        python::CopraModule().attr("_compile_udf")(body, name + ".py", name, aggregate);
    return aggregate && PyCallable_Check(py::getattr(obj, "merge", py::none()).ptr()) != 0;
  } catch (py::error_already_set& e) {
    return python::StatusFromPython(e, "function " + name, &call, /*script_position=*/true);
  }
}

Result<ColumnPtr> PythonUdf::CallInProcess(const std::vector<ColumnPtr>& args, int64_t rows) const {
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  python::PythonCall call(ScopedCancelFlag::Current(), PythonWork::kUdf);
  try {
    auto& cached = static_cast<ArgListCache*>(arg_lists_.get())->lists;
    if (cached.size() < args.size()) cached.resize(args.size(), nullptr);
    py::list py_args;
    for (size_t i = 0; i < args.size(); ++i) {
      const ColumnPtr& col = args[i];
      if (!numpy_ && cached[i] != nullptr && python::RefillFloatList(cached[i], *col)) {
        py_args.append(py::handle(cached[i]));
        continue;
      }
      COPRA_ASSIGN_OR_RETURN(py::object v, ArgumentValues(*this, col));
      if (!numpy_ && col->type().IsFloat()) {
        Py_XDECREF(cached[i]);
        cached[i] = v.inc_ref().ptr();
      }
      py_args.append(v);
    }
    py::object result = PythonUdfAccess::Object(*this)(*py_args);
    if (call.interrupted()) return Status::Cancelled("canceling statement due to user request");
    return ResultColumn(*this, result, rows);
  } catch (py::error_already_set& e) {
    return python::StatusFromPython(e, "function " + name_, &call);
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kPythonError, "function " + name_ + ": " + e.what());
  }
}

std::string PythonUdf::Signature() const {
  std::string out = name_ + "(";
  for (size_t i = 0; i < arg_types_.size(); ++i) {
    if (i > 0) out += ", ";
    out += arg_names_[i] + " " + arg_types_[i].ToString();
  }
  return out + ") -> " + return_type_.ToString();
}

const ScalarFunction* PythonUdf::scalar() const { return scalar_.get(); }

const AggregateFunction* PythonUdf::aggregate() const { return aggregate_fn_.get(); }

}  // namespace copra
