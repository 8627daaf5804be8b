#include "engine/session.h"

#include <algorithm>
#include <cctype>

#include "common/copra_metrics.h"
#include "engine/database.h"
#include "engine/statement_executor.h"
#include "optimizer/optimizer.h"
#include "sql/parser.h"
#include "vector/batch.h"

namespace copra {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Result<int64_t> ParsePositive(const std::string& name, const std::string& value, int64_t max) {
  try {
    size_t used = 0;
    long long v = std::stoll(value, &used);
    if (used == value.size() && v > 0 && v <= max) return static_cast<int64_t>(v);
  } catch (...) {
  }
  return Status::Error(ErrorCode::kInvalidParameter,
                       "invalid value for parameter \"" + name + "\": \"" + value +
                           "\" (expected an integer between 1 and " + std::to_string(max) + ")");
}

// "500", "500ms", "5s", "2min", "1h", "1d" (PostgreSQL's time units) → ms.
Result<int64_t> ParseDurationMs(const std::string& name, const std::string& value) {
  std::string v = Lower(value);
  v.erase(0, v.find_first_not_of(" '"));
  v.erase(v.find_last_not_of(" '") + 1);
  size_t digits = 0;
  while (digits < v.size() && std::isdigit(static_cast<unsigned char>(v[digits]))) ++digits;
  std::string unit = v.substr(digits);
  unit.erase(0, unit.find_first_not_of(' '));
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
  if (digits > 0 && digits <= 12) {
    for (const auto& [u, factor] : kUnits) {
      if (unit == u) return std::stoll(v.substr(0, digits)) * factor;
    }
  }
  return Status::Error(ErrorCode::kInvalidParameter,
                       "invalid value for parameter \"" + name + "\": \"" + value +
                           "\" (expected milliseconds or a number with ms, s, min, h or d)");
}

// Counts one statement of `protocol` in the metrics, and an error when
// `result` is not OK; returns `result` unchanged.
template <typename T>
T Counted(ClientProtocol protocol, T result) {
  CopraMetrics::Get().CountQuery(protocol, result.status());
  return result;
}

Status Counted(ClientProtocol protocol, Status status) {
  CopraMetrics::Get().CountQuery(protocol, status);
  return status;
}

}  // namespace

Session::Session(Database* db, std::string current_database)
    : db_(db), current_database_(std::move(current_database)), batch_size_(kDefaultBatchSize) {}

Session::~Session() = default;

Result<std::unique_ptr<QueryResult>> Session::Execute(std::string_view sql) {
  using ExecuteResult = Result<std::unique_ptr<QueryResult>>;
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  if (!parsed.ok()) return Counted(protocol_, ExecuteResult(parsed.status()));
  std::vector<StatementPtr>& statements = *parsed;
  if (statements.empty()) return QueryResult::Command("EMPTY");
  if (statements.size() > 1) {
    return Counted(protocol_,
                   ExecuteResult(Status::SyntaxError("expected one statement, found " +
                                                         std::to_string(statements.size()) +
                                                         "; use ExecuteScript for several",
                                                     statements[1]->pos)));
  }
  cancel_requested_.store(false);
  StatementExecutor executor(this);
  return Counted(protocol_, executor.Execute(*statements[0]));
}

Result<std::shared_ptr<const PreparedStatement>> Session::Prepare(std::string_view sql) {
  // A statement that fails to prepare never runs: count it as a failed one.
  using PrepareResult = Result<std::shared_ptr<const PreparedStatement>>;
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  if (!parsed.ok()) return Counted(protocol_, PrepareResult(parsed.status()));
  std::vector<StatementPtr>& statements = *parsed;
  if (statements.size() > 1) {
    return Counted(protocol_, PrepareResult(Status::SyntaxError(
                                  "cannot insert multiple commands into a prepared statement",
                                  statements[1]->pos)));
  }
  auto prepared = std::make_shared<PreparedStatement>();
  prepared->sql = std::string(sql);
  if (!statements.empty()) prepared->statement = std::move(statements[0]);
  prepared->parameter_count = CountParameters(sql);
  return std::shared_ptr<const PreparedStatement>(std::move(prepared));
}

Result<std::unique_ptr<QueryResult>> Session::ExecutePrepared(
    const PreparedStatement& stmt, const std::vector<Value>& parameters) {
  if (stmt.empty()) return QueryResult::Command("EMPTY");
  cancel_requested_.store(false);
  StatementExecutor executor(this, &parameters);
  return Counted(protocol_, executor.Execute(*stmt.statement));
}

Result<SchemaPtr> Session::DescribePrepared(const PreparedStatement& stmt,
                                            const std::vector<LogicalType>& parameter_types) {
  if (!stmt.returns_rows()) return SchemaPtr();
  std::vector<Value> nulls;
  for (int i = 0; i < stmt.parameter_count; ++i) {
    size_t k = static_cast<size_t>(i);
    nulls.push_back(
        Value::Null(k < parameter_types.size() ? parameter_types[k] : LogicalType::Null()));
  }
  StatementExecutor executor(this, &nulls);
  return executor.Describe(*stmt.statement);
}

Result<std::vector<LogicalType>> Session::InferParameterTypes(const PreparedStatement& stmt) {
  std::vector<LogicalType> types;
  if (!stmt.empty()) {
    StatementExecutor executor(this);
    COPRA_RETURN_NOT_OK(executor.InferParameterTypes(*stmt.statement, &types));
  }
  types.resize(static_cast<size_t>(stmt.parameter_count), LogicalType::Null());
  return types;
}

Status Session::ExecuteScript(std::string_view sql,
                              const std::function<Status(QueryResult&)>& on_result) {
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  if (!parsed.ok()) return Counted(protocol_, parsed.status());
  for (const StatementPtr& stmt : *parsed) {
    cancel_requested_.store(false);
    StatementExecutor executor(this);
    // An error while the caller consumes the result (rows are computed
    // then) is the statement's error too.
    Result<std::unique_ptr<QueryResult>> result = executor.Execute(*stmt);
    Status st = result.ok() ? on_result(**result) : result.status();
    COPRA_RETURN_NOT_OK(Counted(protocol_, std::move(st)));
  }
  return Status::OK();
}

Status Session::SetSetting(const std::string& raw_name, const std::string& value) {
  std::string name = Lower(raw_name);
  if (name == "batch_size") {
    COPRA_ASSIGN_OR_RETURN(batch_size_, ParsePositive(name, value, 1 << 20));
  } else if (name == "optimizer") {
    std::string v = Lower(value);
    if (v != "on" && v != "off" && v != "true" && v != "false") {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "parameter \"optimizer\" requires on or off, not \"" + value + "\"");
    }
  } else if (name == "optimizer_disabled_rules") {
    OptimizerOptions probe;
    std::string item;
    for (char c : value + ",") {
      if (c == ',') {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) probe.disabled_rules.insert(Lower(item));
        item.clear();
      } else {
        item.push_back(c);
      }
    }
    COPRA_RETURN_NOT_OK(
        Optimize(nullptr, OptimizerOptions{false, probe.disabled_rules, false}, nullptr).status());
  } else if (name == "statement_timeout") {
    COPRA_ASSIGN_OR_RETURN(statement_timeout_ms_, ParseDurationMs(name, value));
  } else if (name == "query_memory_limit") {
    COPRA_RETURN_NOT_OK(ParsePositive(name, value, INT64_MAX).status());
  }
  settings_[name] = value;
  return Status::OK();
}

void Session::ResetSetting(const std::string& raw_name) {
  std::string name = Lower(raw_name);
  if (name == "all") {
    settings_.clear();
    batch_size_ = kDefaultBatchSize;
    statement_timeout_ms_ = -1;
    return;
  }
  settings_.erase(name);
  if (name == "batch_size") batch_size_ = kDefaultBatchSize;
  if (name == "statement_timeout") statement_timeout_ms_ = -1;
}

std::string Session::GetSetting(const std::string& name) const {
  auto it = settings_.find(Lower(name));
  return it == settings_.end() ? std::string() : it->second;
}

}  // namespace copra
