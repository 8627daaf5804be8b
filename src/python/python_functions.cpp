#include "python/python_functions.h"

#include "common/atomic_file.h"
#include "common/cancel_flag.h"
#include "common/logging.h"
#include "engine/database.h"
#include "engine/session.h"
#include "python/script_registry.h"
#include "sql/parser.h"
#include "types/cast.h"

namespace copra {

namespace {

Status CheckFunctionName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128 && name[0] != '.';
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!ok) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "invalid function name \"" + name + "\" (use letters, digits and '_')");
  }
  return Status::OK();
}

// A coprocessor script called as a SQL scalar function.
struct ScriptScalarFunction : ScalarFunction {
  std::shared_ptr<const Coprocessor> script;
  Database* db = nullptr;
  std::string database;
  // The user whose privileges the script's query().sql() runs with ("":
  // unchecked), the session's that bound the call.
  std::string user;
};

Result<Datum> ScriptKernel(const KernelContext& ctx, const std::vector<Datum>& args) {
  const auto& fn = *static_cast<const ScriptScalarFunction*>(ctx.function);
  std::vector<ColumnPtr> inputs;
  for (const Datum& d : args) inputs.push_back(d.ToColumn(ctx.num_rows));
  CoprocessorContext cctx;
  cctx.cancel = ScopedCancelFlag::Current();
  cctx.db = fn.db;
  cctx.database = fn.database;
  cctx.user = fn.user;
  std::vector<LogicalType> types{fn.return_type};
  COPRA_ASSIGN_OR_RETURN(
      std::vector<ColumnPtr> out,
      fn.script->Call(inputs, args.empty() ? -1 : ctx.num_rows, {}, cctx, &types));
  if (out.size() != 1 || out[0]->length() != ctx.num_rows) {
    return Status::Error(ErrorCode::kCardinalityViolation,
                         "script " + fn.script->name() + " returned " +
                             std::to_string(out.empty() ? 0 : out[0]->length()) + " rows for " +
                             std::to_string(ctx.num_rows) +
                             " input rows; as a SQL function it must return one value per "
                             "row (use SELECT * FROM run_script('" +
                             fn.script->name() + "') for other shapes)");
  }
  return Datum::Flat(out[0]);
}

// run_script's result as a one-shot table.
class ScriptResultTable : public Table {
 public:
  ScriptResultTable(std::string name, TableSchema schema, std::unique_ptr<QueryResult> result)
      : Table(std::move(name), std::move(schema)), result_(std::move(result)) {}

  bool IsSystem() const override { return true; }
  std::string engine() const override { return "script"; }

  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override {
    if (result_ == nullptr) {
      return Status::NotSupported("the result of run_script() can be read only once per query");
    }
    std::vector<Field> fields;
    for (int c : request.projection) fields.push_back(result_->schema()->field(c));
    return std::unique_ptr<BatchReader>(new Reader(std::make_shared<Schema>(std::move(fields)),
                                                   request.projection, std::move(result_),
                                                   request.batch_size));
  }

 private:
  class Reader : public BatchReader {
   public:
    Reader(SchemaPtr schema, std::vector<int> projection, std::unique_ptr<QueryResult> result,
           int64_t batch_size)
        : schema_(std::move(schema)),
          projection_(std::move(projection)),
          result_(std::move(result)),
          batch_size_(batch_size) {}
    const SchemaPtr& schema() const override { return schema_; }
    Result<BatchPtr> Next() override {
      if (pending_ == nullptr || offset_ >= pending_->num_rows()) {
        COPRA_ASSIGN_OR_RETURN(pending_, result_->Next());
        offset_ = 0;
        if (pending_ == nullptr) return BatchPtr();
      }
      int64_t n = std::min(batch_size_, pending_->num_rows() - offset_);
      std::vector<ColumnPtr> cols;
      for (int c : projection_) cols.push_back(pending_->column(c)->Slice(offset_, n));
      offset_ += n;
      return Batch::Make(schema_, std::move(cols), n);
    }

   private:
    SchemaPtr schema_;
    std::vector<int> projection_;
    std::unique_ptr<QueryResult> result_;
    int64_t batch_size_;
    BatchPtr pending_;
    int64_t offset_ = 0;
  };

  std::unique_ptr<QueryResult> result_;
};

}  // namespace

class SessionUserFunctions : public UserFunctions {
 public:
  SessionUserFunctions(PythonFunctions* owner, Session* session)
      : owner_(owner), session_(session) {}

  Result<ResolvedCall<ScalarFunction>> ResolveScalar(
      const std::string& database, const std::string& name,
      const std::vector<LogicalType>& args) const override {
    ResolvedCall<ScalarFunction> call;
    std::shared_ptr<PythonUdf> udf = owner_->Find(database, name);
    if (udf != nullptr && !udf->is_aggregate()) {
      COPRA_ASSIGN_OR_RETURN(call.cast_to,
                             MatchArguments(udf->Signature(), name, udf->arg_types(), args));
      call.function = udf->scalar();
      call.return_type = udf->return_type();
      return call;
    }
    // A coprocessor script without sql= is a function of its args.
    auto script = owner_->scripts_->Get(database, name);
    if (!script.ok()) {
      if (script.status().code() == ErrorCode::kUndefinedObject) return call;
      return script.status();
    }
    const Coprocessor& copr = **script;
    if (copr.has_sql()) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "script " + name +
                               " has sql= and cannot be called as a function; "
                               "use SELECT * FROM run_script('" +
                               name + "')");
    }
    if (copr.returns().size() != 1 || !copr.returns()[0].type) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "script " + name +
                               " can be called as a SQL function only with one "
                               "returns= column whose type is annotated (-> vector[T])");
    }
    if (args.size() != copr.params().size()) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "script " + name + " takes " + std::to_string(copr.params().size()) +
                               " arguments, not " + std::to_string(args.size()));
    }
    std::vector<LogicalType> params;
    // Per user too: the script's SQL runs with the caller's privileges.
    const std::string user = session_->checks_privileges() ? session_->user() : std::string();
    std::string key = database + '\0' + user + '\0' + name + '\0';
    for (size_t i = 0; i < args.size(); ++i) {
      LogicalType t = copr.params()[i].type ? *copr.params()[i].type : args[i];
      if (t.IsNull()) t = LogicalType::Float64();
      params.push_back(t);
      key += t.ToString() + ",";
    }
    COPRA_ASSIGN_OR_RETURN(call.cast_to, MatchArguments(name, name, params, args));
    std::lock_guard<std::mutex> lock(owner_->mu_);
    auto it = owner_->script_functions_.find(key);
    const ScriptScalarFunction* fn = nullptr;
    if (it != owner_->script_functions_.end()) {
      fn = static_cast<const ScriptScalarFunction*>(it->second.get());
      if (fn->script.get() != &copr) fn = nullptr;  // replaced since
    }
    if (fn == nullptr) {
      auto made = std::make_shared<ScriptScalarFunction>();
      made->name = name;
      made->arg_types = params;
      made->return_type = *copr.returns()[0].type;
      made->kernel = &ScriptKernel;
      made->deterministic = false;
      made->script = *script;
      made->db = session_->database();
      made->database = database;
      made->user = user;
      fn = made.get();
      if (it != owner_->script_functions_.end()) owner_->retired_.push_back(it->second);
      owner_->script_functions_[key] = made;
    }
    call.function = fn;
    call.return_type = fn->return_type;
    return call;
  }

  Result<ResolvedCall<AggregateFunction>> ResolveAggregate(
      const std::string& database, const std::string& name,
      const std::vector<LogicalType>& args) const override {
    ResolvedCall<AggregateFunction> call;
    std::shared_ptr<PythonUdf> udf = owner_->Find(database, name);
    if (udf == nullptr || !udf->is_aggregate()) return call;
    COPRA_ASSIGN_OR_RETURN(call.cast_to,
                           MatchArguments(udf->Signature(), name, udf->arg_types(), args));
    call.function = udf->aggregate();
    call.return_type = udf->return_type();
    return call;
  }

  bool IsAggregate(const std::string& database, const std::string& name) const override {
    std::shared_ptr<PythonUdf> udf = owner_->Find(database, name);
    return udf != nullptr && udf->is_aggregate();
  }

  Result<TablePtr> CallTableFunction(const std::string& database, const std::string& name,
                                     const std::vector<Value>& args) const override {
    if (name != "run_script") return TablePtr();
    if (args.empty() || args[0].is_null() || args[0].type().id() != TypeId::kString) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "run_script('name'[, 'key=value', ...]) needs the script name as a "
                           "string");
    }
    std::map<std::string, std::string> params;
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i].is_null() || args[i].type().id() != TypeId::kString) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "run_script() parameters are strings 'key=value'");
      }
      const std::string& kv = args[i].GetString();
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "run_script() parameter '" + kv + "' is not of the form 'key=value'");
      }
      params[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    const std::string& script_name = args[0].GetString();
    COPRA_ASSIGN_OR_RETURN(std::shared_ptr<const Coprocessor> script,
                           owner_->scripts_->Get(database, script_name));
    COPRA_ASSIGN_OR_RETURN(std::unique_ptr<QueryResult> result,
                           RunCoprocessor(*session_, script, params));
    std::vector<TableColumn> columns;
    for (const Field& f : result->schema()->fields()) {
      TableColumn c;
      c.name = f.name;
      c.type = f.type;
      c.nullable = true;
      columns.push_back(std::move(c));
    }
    return TablePtr(std::make_shared<ScriptResultTable>(
        script_name, TableSchema(std::move(columns), {}, -1, {}), std::move(result)));
  }

 private:
  // Casts each argument must get to fit `params`: implicit casts, and any
  // numeric conversion (checked at run time).
  static Result<std::vector<LogicalType>> MatchArguments(const std::string& signature,
                                                         const std::string& name,
                                                         const std::vector<LogicalType>& params,
                                                         const std::vector<LogicalType>& args) {
    bool fits = params.size() == args.size();
    for (size_t i = 0; fits && i < args.size(); ++i) {
      const LogicalType& a = args[i];
      const LogicalType& p = params[i];
      fits = a == p || a.IsNull() || CanCastImplicitly(a, p) || (a.IsNumeric() && p.IsNumeric()) ||
             (a.id() == TypeId::kString && p.IsTemporal());
    }
    if (!fits) {
      std::string types;
      for (size_t i = 0; i < args.size(); ++i) {
        types +=
            (i > 0 ? ", " : "") + (args[i].IsNull() ? std::string("NULL") : args[i].ToString());
      }
      return Status::Error(ErrorCode::kUndefinedFunction, "function " + name + "(" + types +
                                                              ") does not exist; the Python "
                                                              "function is " +
                                                              signature);
    }
    return params;
  }

  PythonFunctions* owner_;
  Session* session_;
};

PythonFunctions::PythonFunctions(std::string data_dir, ScriptRegistry* scripts)
    : data_dir_(std::move(data_dir)), scripts_(scripts) {}

PythonFunctions::~PythonFunctions() = default;

std::string PythonFunctions::FunctionPath(const std::string& db, const std::string& name) const {
  return data_dir_ + "/functions/" + db + "/" + name + ".sql";
}

Status PythonFunctions::LoadAll() {
  if (data_dir_.empty()) return Status::OK();
  COPRA_ASSIGN_OR_RETURN(std::vector<std::string> dbs, ListDirectories(data_dir_ + "/functions"));
  for (const std::string& db : dbs) {
    COPRA_ASSIGN_OR_RETURN(std::vector<std::string> files,
                           ListFiles(data_dir_ + "/functions/" + db, ".sql"));
    for (const std::string& file : files) {
      std::string path = data_dir_ + "/functions/" + db + "/" + file;
      Status st;
      auto text = ReadWholeFile(path);
      if (!text.ok()) {
        st = text.status();
      } else {
        auto parsed = ParseSql(*text);
        if (!parsed.ok()) {
          st = parsed.status();
        } else if (parsed->size() != 1 || (*parsed)[0]->kind != StatementKind::kCreateFunction) {
          st = Status::Corruption("not one CREATE FUNCTION statement");
        } else {
          auto udf = PythonUdf::Make((*parsed)[0]->As<CreateFunctionStatement>());
          if (udf.ok()) {
            std::lock_guard<std::mutex> lock(mu_);
            udfs_[db][(*udf)->name()] = *udf;
          } else {
            st = udf.status();
          }
        }
      }
      if (!st.ok()) {
        Log(LogLevel::kError, "stored function \"" + path + "\" cannot be loaded: " + st.message());
      }
    }
  }
  return Status::OK();
}

Status PythonFunctions::Create(const std::string& db, const CreateFunctionStatement& stmt) {
  const std::string& name = stmt.name.name();
  Status st = CheckFunctionName(name);
  if (!st.ok()) return st.WithPosition(stmt.name.pos);
  const FunctionRegistry& builtins = FunctionRegistry::Global();
  if (builtins.IsScalar(name) || builtins.IsAggregate(name)) {
    return Status::Error(ErrorCode::kDuplicateObject,
                         "function " + name + " is a built-in function", stmt.name.pos);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = udfs_.find(db);
    if (it != udfs_.end() && it->second.count(name) > 0 && !stmt.or_replace) {
      if (stmt.if_not_exists) return Status::OK();
      return Status::Error(ErrorCode::kDuplicateObject,
                           "function " + name + " already exists (use CREATE OR REPLACE FUNCTION)",
                           stmt.name.pos);
    }
  }
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<PythonUdf> udf, PythonUdf::Make(stmt));
  std::lock_guard<std::mutex> lock(mu_);
  if (!data_dir_.empty()) {
    COPRA_RETURN_NOT_OK(WriteFileAtomically(FunctionPath(db, name), stmt.text + ";\n"));
  }
  auto& slot = udfs_[db][name];
  if (slot != nullptr) retired_.push_back(slot);
  slot = std::move(udf);
  return Status::OK();
}

Status PythonFunctions::Drop(const std::string& db, const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = udfs_.find(db);
  if (it == udfs_.end() || it->second.count(name) == 0) {
    if (if_exists) return Status::OK();
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "function " + name + " does not exist in database \"" + db + "\"");
  }
  if (!data_dir_.empty()) COPRA_RETURN_NOT_OK(RemoveFile(FunctionPath(db, name)));
  retired_.push_back(it->second[name]);
  it->second.erase(name);
  return Status::OK();
}

Status PythonFunctions::DropDatabase(const std::string& db) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = udfs_.find(db);
  if (it == udfs_.end()) return Status::OK();
  for (const auto& [name, udf] : it->second) {
    if (!data_dir_.empty()) COPRA_RETURN_NOT_OK(RemoveFile(FunctionPath(db, name)));
    retired_.push_back(udf);
  }
  udfs_.erase(it);
  return Status::OK();
}

std::vector<std::shared_ptr<PythonUdf>> PythonFunctions::List(const std::string& db) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<PythonUdf>> out;
  auto it = udfs_.find(db);
  if (it == udfs_.end()) return out;
  for (const auto& [name, udf] : it->second) out.push_back(udf);
  return out;
}

std::shared_ptr<PythonUdf> PythonFunctions::Find(const std::string& db,
                                                 const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = udfs_.find(db);
  if (it == udfs_.end()) return nullptr;
  auto f = it->second.find(name);
  return f == it->second.end() ? nullptr : f->second;
}

std::unique_ptr<UserFunctions> PythonFunctions::ForSession(Session* session) {
  return std::make_unique<SessionUserFunctions>(this, session);
}

}  // namespace copra
