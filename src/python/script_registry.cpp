#include "python/script_registry.h"

#include <deque>

#include "common/atomic_file.h"
#include "common/logging.h"
#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "python/worker_pool.h"

namespace copra {

namespace {

// Script names become file names: letters, digits, '_', '-', '.' (not first).
Status CheckName(const std::string& what, const std::string& name) {
  bool ok = !name.empty() && name.size() <= 128 && name[0] != '.';
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  }
  if (!ok) {
    return Status::Error(
        ErrorCode::kInvalidParameter,
        "invalid " + what + " name \"" + name + "\" (use letters, digits, '_', '-' and '.')");
  }
  return Status::OK();
}

Status UndefinedScript(const std::string& db, const std::string& name) {
  return Status::Error(ErrorCode::kUndefinedObject,
                       "script \"" + name + "\" does not exist in database \"" + db + "\"");
}

// Streams a coprocessor over its sql= result.
class CoprocessorRun {
 public:
  CoprocessorRun(std::shared_ptr<const Coprocessor> script,
                 std::map<std::string, std::string> params, CoprocessorContext ctx)
      : script_(std::move(script)), params_(std::move(params)), ctx_(std::move(ctx)) {}

  // Runs the sql (if any) and the first call, which fixes the output schema.
  Status Start(Database* db) {
    if (script_->has_sql()) {
      inner_ = db->Connect(ctx_.database);
      if (!ctx_.user.empty()) inner_->set_authenticated_user(ctx_.user);
      COPRA_RETURN_NOT_OK(inner_->SetSetting("batch_size", std::to_string(ctx_.batch_size)));
      auto result = inner_->Execute(script_->sql());
      if (!result.ok()) {
        return result.status().WithPrefix("script " + script_->name() + ": in sql=: ");
      }
      input_ = std::move(*result);
      if (!input_->returns_rows()) {
        return Status::InvalidArgument("script " + script_->name() +
                                       ": sql= must be a query returning rows");
      }
      const Schema& schema = *input_->schema();
      for (const std::string& arg : script_->args()) {
        int idx = schema.FindField(arg);
        if (idx < 0) {
          std::string cols;
          for (const Field& f : schema.fields()) cols += (cols.empty() ? "" : ", ") + f.name;
          return Status::Error(ErrorCode::kUndefinedColumn,
                               "script " + script_->name() + ": args= column \"" + arg +
                                   "\" is not in the result of sql= (columns: " + cols + ")");
        }
        arg_indexes_.push_back(idx);
      }
    } else if (!script_->params().empty()) {
      return Status::InvalidArgument(
          "script " + script_->name() + ": " + script_->function_name() +
          " takes arguments (args=) and no sql=; call it as a SQL function, e.g. SELECT " +
          script_->name() + "(...) FROM t");
    }
    COPRA_ASSIGN_OR_RETURN(first_, Step(/*first=*/true));
    std::vector<Field> fields;
    for (size_t i = 0; i < script_->returns().size(); ++i) {
      fields.push_back(Field{script_->returns()[i].name, types_[i], true});
    }
    schema_ = std::make_shared<Schema>(std::move(fields));
    return Status::OK();
  }

  const SchemaPtr& schema() const { return schema_; }

  Result<BatchPtr> Next() {
    while (true) {
      BatchPtr out;
      if (first_ != nullptr) {
        out = std::move(first_);
        first_ = nullptr;
      } else if (!pending_.empty()) {
        out = std::move(pending_.front());
        pending_.pop_front();
      } else {
        if (done_) return BatchPtr();
        if (script_->backend() == "process" && input_ != nullptr) {
          COPRA_RETURN_NOT_OK(ReadAhead());
          continue;
        }
        COPRA_ASSIGN_OR_RETURN(out, Step(false));
        if (out == nullptr) return BatchPtr();
      }
      if (out->num_rows() > 0) return out;
    }
  }

 private:
  // backend="process": kReadAheadPerWorker input batches per worker,
  // called at once (each worker has the next one queued while it runs
  // one); the outputs queue up in pending_ in input order.
  Status ReadAhead() {
    constexpr size_t kReadAheadPerWorker = 4;
    std::vector<CoprocessorInput> inputs;
    const size_t workers = static_cast<size_t>(PythonWorkerPool::Global().size());
    while (inputs.size() < workers * kReadAheadPerWorker) {
      if (ctx_.cancel != nullptr && ctx_.cancel->load()) {
        return Status::Cancelled("canceling statement due to user request");
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, input_->Next());
      if (batch == nullptr) {
        done_ = true;
        break;
      }
      CoprocessorInput in;
      for (int idx : arg_indexes_) in.columns.push_back(batch->column(idx));
      in.num_rows = batch->num_rows();
      inputs.push_back(std::move(in));
    }
    if (inputs.empty()) return Status::OK();
    COPRA_ASSIGN_OR_RETURN(auto outs, script_->CallBatches(inputs, params_, ctx_, &types_));
    for (std::vector<ColumnPtr>& cols : outs) {
      int64_t n = cols.empty() ? 0 : cols[0]->length();
      pending_.push_back(Batch::Make(schema_, std::move(cols), n));
    }
    return Status::OK();
  }

  // One call; nullptr when the input is exhausted.
  Result<BatchPtr> Step(bool first) {
    if (ctx_.cancel != nullptr && ctx_.cancel->load()) {
      return Status::Cancelled("canceling statement due to user request");
    }
    std::vector<ColumnPtr> inputs;
    int64_t rows = -1;
    if (input_ != nullptr) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, input_->Next());
      if (batch == nullptr) {
        done_ = true;
        if (!first) return BatchPtr();
        // No rows at all: one call on empty vectors fixes the schema.
        for (int idx : arg_indexes_) {
          inputs.push_back(Column::MakeNull(input_->schema()->field(idx).type, 0));
        }
        rows = 0;
      } else {
        for (int idx : arg_indexes_) inputs.push_back(batch->column(idx));
        rows = batch->num_rows();
      }
    } else {
      done_ = true;
    }
    COPRA_ASSIGN_OR_RETURN(std::vector<ColumnPtr> cols,
                           script_->Call(inputs, rows, params_, ctx_, &types_));
    int64_t n = cols.empty() ? 0 : cols[0]->length();
    if (schema_ == nullptr) {
      std::vector<Field> fields;
      for (size_t i = 0; i < cols.size(); ++i) {
        fields.push_back(Field{script_->returns()[i].name, cols[i]->type(), true});
      }
      return Batch::Make(std::make_shared<Schema>(std::move(fields)), std::move(cols), n);
    }
    return Batch::Make(schema_, std::move(cols), n);
  }

  std::shared_ptr<const Coprocessor> script_;
  std::map<std::string, std::string> params_;
  CoprocessorContext ctx_;
  std::unique_ptr<Session> inner_;
  std::unique_ptr<QueryResult> input_;
  std::vector<int> arg_indexes_;
  std::vector<LogicalType> types_;
  SchemaPtr schema_;
  BatchPtr first_;
  std::deque<BatchPtr> pending_;  // read-ahead outputs (backend="process")
  bool done_ = false;
};

}  // namespace

ScriptRegistry::ScriptRegistry(std::string data_dir) : data_dir_(std::move(data_dir)) {}

std::string ScriptRegistry::ScriptPath(const std::string& db, const std::string& name) const {
  return data_dir_ + "/scripts/" + db + "/" + name + ".py";
}

Status ScriptRegistry::LoadAll() {
  if (data_dir_.empty()) return Status::OK();
  COPRA_ASSIGN_OR_RETURN(std::vector<std::string> dbs, ListDirectories(data_dir_ + "/scripts"));
  for (const std::string& db : dbs) {
    COPRA_ASSIGN_OR_RETURN(std::vector<std::string> files,
                           ListFiles(data_dir_ + "/scripts/" + db, ".py"));
    for (const std::string& file : files) {
      std::string name = file.substr(0, file.size() - 3);
      ScriptInfo info;
      info.name = name;
      auto source = ReadWholeFile(ScriptPath(db, name));
      if (!source.ok()) {
        info.error = source.status();
      } else {
        info.source = *source;
        auto compiled = Coprocessor::Compile(name, info.source);
        if (compiled.ok()) {
          info.compiled = *compiled;
        } else {
          info.error = compiled.status();
        }
      }
      if (!info.error.ok()) {
        Log(LogLevel::kError,
            "stored script \"" + db + "." + name + "\" does not compile: " + info.error.message());
      }
      std::lock_guard<std::mutex> lock(mu_);
      scripts_[db][name] = std::move(info);
    }
  }
  return Status::OK();
}

Status ScriptRegistry::Register(const std::string& db, const std::string& name,
                                const std::string& source, bool replace) {
  COPRA_RETURN_NOT_OK(CheckName("database", db));
  COPRA_RETURN_NOT_OK(CheckName("script", name));
  if (!replace) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = scripts_.find(db);
    if (it != scripts_.end() && it->second.count(name) > 0) {
      return Status::Error(ErrorCode::kDuplicateObject,
                           "script \"" + name + "\" already exists (use CREATE OR REPLACE SCRIPT)");
    }
  }
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<const Coprocessor> compiled,
                         Coprocessor::Compile(name, source));
  std::lock_guard<std::mutex> lock(mu_);
  if (!replace && scripts_[db].count(name) > 0) {
    return Status::Error(ErrorCode::kDuplicateObject,
                         "script \"" + name + "\" already exists (use CREATE OR REPLACE SCRIPT)");
  }
  if (!data_dir_.empty()) COPRA_RETURN_NOT_OK(WriteFileAtomically(ScriptPath(db, name), source));
  scripts_[db][name] = ScriptInfo{name, source, std::move(compiled), Status::OK()};
  return Status::OK();
}

Status ScriptRegistry::Drop(const std::string& db, const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = scripts_.find(db);
  if (it == scripts_.end() || it->second.count(name) == 0) {
    return if_exists ? Status::OK() : UndefinedScript(db, name);
  }
  if (!data_dir_.empty()) COPRA_RETURN_NOT_OK(RemoveFile(ScriptPath(db, name)));
  it->second.erase(name);
  return Status::OK();
}

Status ScriptRegistry::DropDatabase(const std::string& db) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = scripts_.find(db);
  if (it == scripts_.end()) return Status::OK();
  if (!data_dir_.empty()) {
    for (const auto& [name, info] : it->second) {
      COPRA_RETURN_NOT_OK(RemoveFile(ScriptPath(db, name)));
    }
  }
  scripts_.erase(it);
  return Status::OK();
}

Result<std::shared_ptr<const Coprocessor>> ScriptRegistry::Get(const std::string& db,
                                                               const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = scripts_.find(db);
  if (it == scripts_.end()) return UndefinedScript(db, name);
  auto s = it->second.find(name);
  if (s == it->second.end()) return UndefinedScript(db, name);
  if (s->second.compiled == nullptr) {
    return s->second.error.WithPrefix("stored script \"" + name + "\" does not compile: ");
  }
  return s->second.compiled;
}

std::vector<ScriptInfo> ScriptRegistry::List(const std::string& db) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ScriptInfo> out;
  auto it = scripts_.find(db);
  if (it == scripts_.end()) return out;
  for (const auto& [name, info] : it->second) out.push_back(info);
  return out;
}

Result<std::unique_ptr<QueryResult>> ScriptRegistry::RunScript(
    Session& session, const std::string& name, const std::map<std::string, std::string>& params) {
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<const Coprocessor> script,
                         Get(session.current_database(), name));
  // A new statement of the session, as Session::Execute starts one.
  session.cancel_flag().store(false);
  return RunCoprocessor(session, std::move(script), params);
}

Result<std::unique_ptr<QueryResult>> RunCoprocessor(
    Session& session, std::shared_ptr<const Coprocessor> script,
    const std::map<std::string, std::string>& params) {
  // Running a script needs read on its database; its sql= and
  // copra.query() calls run with the caller's privileges.
  COPRA_RETURN_NOT_OK(CheckDatabaseAccess(session, session.current_database(), Privilege::kRead));
  CoprocessorContext ctx;
  ctx.cancel = &session.cancel_flag();
  ctx.db = session.database();
  ctx.database = session.current_database();
  ctx.batch_size = session.batch_size();
  if (session.checks_privileges()) ctx.user = session.user();
  auto run = std::make_shared<CoprocessorRun>(std::move(script), params, ctx);
  COPRA_RETURN_NOT_OK(run->Start(session.database()));
  return QueryResult::Rows(run->schema(), [run]() { return run->Next(); });
}

}  // namespace copra
