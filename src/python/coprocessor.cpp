#include "python/coprocessor.h"

#include "common/cancel_flag.h"
#include "function/cast_kernel.h"
#include "python/py_internal.h"
#include "python/python_runtime.h"
#include "python/query_context.h"
#include "python/worker_pool.h"
#include "types/cast.h"

namespace copra {

using python::py::literals::operator""_a;
namespace py = python::py;

namespace {

// (type code, nullable) from the Python metadata → optional type.
Result<std::optional<LogicalType>> TypeOfAnnotation(const py::handle& t) {
  std::string code = py::reinterpret_borrow<py::tuple>(t)[0].cast<std::string>();
  if (code == "_" || code == "none") return std::optional<LogicalType>();
  COPRA_ASSIGN_OR_RETURN(LogicalType type, python::TypeFromCode(code));
  return std::optional<LogicalType>(type);
}

std::string VectorName(const std::optional<LogicalType>& type, bool nullable) {
  std::string code = type ? python::CodeFromType(*type) : "_";
  return "vector[" + code + (nullable ? " | None" : "") + "]";
}

}  // namespace

Coprocessor::~Coprocessor() = default;

SourcePosition MapScriptPosition(SourcePosition in_script, SourcePosition body_pos) {
  if (!in_script.IsKnown() || !body_pos.IsKnown()) return body_pos;
  SourcePosition out;
  out.line = body_pos.line + in_script.line - 1;
  out.column = in_script.line == 1 ? body_pos.column + in_script.column - 1 : in_script.column;
  return out;
}

Result<std::shared_ptr<const Coprocessor>> Coprocessor::Compile(const std::string& name,
                                                                const std::string& source) {
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  std::shared_ptr<Coprocessor> out(new Coprocessor());
  out->name_ = name;
  out->source_ = source;
  python::PythonCall call(nullptr, PythonWork::kCompile);
  const std::string context = "script " + name;
  try {
    py::tuple compiled = python::CopraModule().attr("_compile_script")(
        source, name + ".py", PythonRuntime::IsWorkerProcess());
    if (!compiled[0].is_none()) out->function_ = std::make_shared<python::PyRef>(compiled[0]);
    py::dict meta = compiled[1];
    out->function_name_ = meta["name"].cast<std::string>();
    if (!meta["args"].is_none()) {
      out->has_args_ = true;
      out->args_ = meta["args"].cast<std::vector<std::string>>();
    }
    if (!meta["sql"].is_none()) {
      out->has_sql_ = true;
      out->sql_ = meta["sql"].cast<std::string>();
    }
    out->backend_ = meta["backend"].cast<std::string>();
    std::vector<std::string> returns = meta["returns"].cast<std::vector<std::string>>();
    py::list rtypes = meta["return_types"];
    for (size_t i = 0; i < returns.size(); ++i) {
      CoprocessorColumn col;
      col.name = returns[i];
      COPRA_ASSIGN_OR_RETURN(col.type, TypeOfAnnotation(rtypes[i]));
      col.nullable = py::reinterpret_borrow<py::tuple>(rtypes[i])[1].cast<bool>();
      out->returns_.push_back(std::move(col));
    }
    py::list params = meta["params"];
    for (const py::handle& p : params) {
      py::tuple pt = py::reinterpret_borrow<py::tuple>(p);
      CoprocessorParam param;
      param.name = pt[0].cast<std::string>();
      if (!pt[1].is_none()) {
        COPRA_ASSIGN_OR_RETURN(param.type, TypeOfAnnotation(pt[1]));
        param.nullable = py::reinterpret_borrow<py::tuple>(pt[1])[1].cast<bool>();
      }
      out->params_.push_back(std::move(param));
    }
    out->accepts_kwargs_ = meta["kwargs"].cast<bool>();
  } catch (py::error_already_set& e) {
    return python::StatusFromPython(e, context, &call, /*script_position=*/true);
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kPythonError, context + ": " + e.what());
  }
  if (out->backend_ == "process" && !PythonRuntime::IsWorkerProcess()) {
    // The top level runs in a worker, never here: a script that crashes or
    // hangs while loading fails its registration, not the server.
    PythonWorkerRequest check;
    check.kind = PythonWorkerRequest::Kind::kCheckScript;
    check.name = name;
    check.source = source;
    COPRA_RETURN_NOT_OK(PythonWorkerPool::Global()
                            .Run({check}, ScopedCancelFlag::Current(), "script '" + name + "'")
                            .status());
  }
  if (out->backend_ == "pyo3" || out->backend_ == "rspy") {
    out->notices_.push_back("backend \"" + out->backend_ +
                            "\" is an alias: the script runs on the embedded CPython");
  }
  return std::shared_ptr<const Coprocessor>(std::move(out));
}

Result<std::vector<ColumnPtr>> Coprocessor::PrepareArgs(
    const std::vector<ColumnPtr>& inputs) const {
  if (inputs.size() != params_.size()) {
    return Status::InvalidArgument("script " + name_ + ": " + function_name_ + " takes " +
                                   std::to_string(params_.size()) + " arguments, got " +
                                   std::to_string(inputs.size()));
  }
  // Argument annotations: implicit casts are applied, other types and
  // NULLs where the annotation has no "| None" are errors.
  std::vector<ColumnPtr> args = inputs;
  for (size_t i = 0; i < args.size(); ++i) {
    const CoprocessorParam& p = params_[i];
    const std::string column = i < args_.size() ? args_[i] : p.name;
    if (p.type && args[i]->type() != *p.type) {
      if (!CanCastImplicitly(args[i]->type(), *p.type)) {
        return Status::TypeMismatch("script " + name_ + ": parameter " + p.name + " is annotated " +
                                    VectorName(p.type, p.nullable) + " but column \"" + column +
                                    "\" is " + args[i]->type().ToString());
      }
      COPRA_ASSIGN_OR_RETURN(Datum cast,
                             CastDatum(Datum::Flat(args[i]), *p.type, args[i]->length()));
      args[i] = cast.ToColumn(args[i]->length());
    }
    if (!p.nullable && args[i]->HasNulls()) {
      return Status::Error(ErrorCode::kNotNullViolation,
                           "script " + name_ + ": column \"" + column +
                               "\" has NULLs but parameter " + p.name + " is annotated " +
                               VectorName(p.type, false) + " (use " + VectorName(p.type, true) +
                               ")");
    }
  }
  return args;
}

Result<std::vector<ColumnPtr>> Coprocessor::Call(const std::vector<ColumnPtr>& inputs,
                                                 int64_t num_rows,
                                                 const std::map<std::string, std::string>& kwargs,
                                                 const CoprocessorContext& ctx,
                                                 std::vector<LogicalType>* types) const {
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  COPRA_ASSIGN_OR_RETURN(std::vector<ColumnPtr> args, PrepareArgs(inputs));
  if (backend_ == "process" && !PythonRuntime::IsWorkerProcess()) {
    COPRA_ASSIGN_OR_RETURN(auto outs,
                           CallInWorkers({CoprocessorInput{args, num_rows}}, kwargs, ctx, types));
    return std::move(outs[0]);
  }
  python::ScopedQueryContext query_context(&ctx);
  python::PythonCall call(ctx.cancel, PythonWork::kScript);
  const std::string context = "script " + name_;
  std::vector<ColumnPtr> out;
  try {
    py::list py_args;
    for (const ColumnPtr& col : args) {
      COPRA_ASSIGN_OR_RETURN(py::object v, python::ColumnToVector(col));
      py_args.append(v);
    }
    py::dict py_kwargs;
    if (accepts_kwargs_) {
      for (const auto& [k, v] : kwargs) py_kwargs[py::str(k)] = py::str(v);
    }
    py::object fn = static_cast<python::PyRef*>(function_.get())->get();
    py::object result = fn(*py_args, **py_kwargs);
    // Cancelled even if the code caught the KeyboardInterrupt.
    if (call.interrupted()) return Status::Cancelled("canceling statement due to user request");
    py::list specs;
    for (size_t i = 0; i < returns_.size(); ++i) {
      std::string code = "_";
      if (types != nullptr && i < types->size()) {
        code = python::CodeFromType((*types)[i]);
      } else if (returns_[i].type) {
        code = python::CodeFromType(*returns_[i].type);
      }
      specs.append(py::make_tuple(returns_[i].name, code, returns_[i].nullable));
    }
    py::list parts = python::CopraModule().attr("_convert_returns")(result, specs, num_rows);
    for (const py::handle& part : parts) {
      COPRA_ASSIGN_OR_RETURN(ColumnPtr col, python::ColumnFromParts(part));
      out.push_back(std::move(col));
    }
  } catch (py::error_already_set& e) {
    return python::StatusFromPython(e, context, &call);
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kPythonError, context + ": " + e.what());
  }
  if (types != nullptr && types->empty()) {
    for (const ColumnPtr& c : out) types->push_back(c->type());
  }
  return out;
}

Result<std::vector<std::vector<ColumnPtr>>> Coprocessor::CallBatches(
    const std::vector<CoprocessorInput>& batches, const std::map<std::string, std::string>& kwargs,
    const CoprocessorContext& ctx, std::vector<LogicalType>* types) const {
  std::vector<std::vector<ColumnPtr>> out;
  if (backend_ != "process" || PythonRuntime::IsWorkerProcess()) {
    for (const CoprocessorInput& b : batches) {
      COPRA_ASSIGN_OR_RETURN(std::vector<ColumnPtr> cols,
                             Call(b.columns, b.num_rows, kwargs, ctx, types));
      out.push_back(std::move(cols));
    }
    return out;
  }
  COPRA_RETURN_NOT_OK(PythonRuntime::EnsureInitialized());
  std::vector<CoprocessorInput> prepared;
  for (const CoprocessorInput& b : batches) {
    COPRA_ASSIGN_OR_RETURN(std::vector<ColumnPtr> args, PrepareArgs(b.columns));
    prepared.push_back(CoprocessorInput{std::move(args), b.num_rows});
  }
  return CallInWorkers(prepared, kwargs, ctx, types);
}

Result<std::vector<std::vector<ColumnPtr>>> Coprocessor::CallInWorkers(
    const std::vector<CoprocessorInput>& batches, const std::map<std::string, std::string>& kwargs,
    const CoprocessorContext& ctx, std::vector<LogicalType>* types) const {
  std::vector<PythonWorkerRequest> requests;
  for (const CoprocessorInput& b : batches) {
    PythonWorkerRequest request;
    request.kind = PythonWorkerRequest::Kind::kCoprocessor;
    request.name = name_;
    request.source = source_;
    request.num_rows = b.num_rows;
    if (accepts_kwargs_) request.kwargs = kwargs;
    if (types != nullptr) request.types = *types;
    request.inputs = b.columns;
    requests.push_back(std::move(request));
  }
  COPRA_ASSIGN_OR_RETURN(
      auto results,
      PythonWorkerPool::Global().Run(requests, ctx.cancel, "coprocessor '" + name_ + "'", &ctx));
  for (const std::vector<ColumnPtr>& out : results) {
    if (out.size() != returns_.size()) {
      return Status::Internal("python worker returned " + std::to_string(out.size()) +
                              " columns for " + std::to_string(returns_.size()));
    }
    if (types != nullptr && !types->empty()) {
      for (size_t i = 0; i < out.size(); ++i) {
        if (out[i]->type() != (*types)[i]) {
          return Status::Internal("python worker returned a column of another type");
        }
      }
    }
  }
  if (types != nullptr && types->empty() && !results.empty()) {
    for (const ColumnPtr& c : results[0]) types->push_back(c->type());
  }
  return results;
}

}  // namespace copra
