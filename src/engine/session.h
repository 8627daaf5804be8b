// Session: one client's connection to a Database: its current database,
// settings (batch_size, optimizer switches, ...) and the entry point for SQL.
//
// Not thread-safe: a session serves one client at a time. Cancel() may be
// called from any thread to stop the running statement.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/client_protocol.h"
#include "common/status.h"
#include "engine/prepared_statement.h"
#include "engine/query_result.h"
#include "types/value.h"

namespace copra {

class Database;

class Session {
 public:
  Session(Database* db, std::string current_database);
  ~Session();

  // Parses and runs exactly one statement (a trailing ';' is allowed).
  // Several statements are a kSyntaxError; use ExecuteScript for those.
  Result<std::unique_ptr<QueryResult>> Execute(std::string_view sql);

  // Parses all statements in `sql` (a syntax error anywhere runs nothing),
  // then runs them in order, calling `on_result` with each result; stops at
  // the first error (from a statement or from `on_result`) and returns it.
  Status ExecuteScript(std::string_view sql, const std::function<Status(QueryResult&)>& on_result);

  // Parses `sql`, which must hold at most one statement (none is the empty
  // query), for ExecutePrepared. Syntax errors are reported here.
  Result<std::shared_ptr<const PreparedStatement>> Prepare(std::string_view sql);

  // Runs `stmt` with `parameters` bound to $1..$n (each binds as a constant
  // of its value; a STRING behaves like a string literal). Fewer values than
  // placeholders is a kInvalidParameter error when the missing one is used.
  // The empty query gives the command tag "EMPTY".
  Result<std::unique_ptr<QueryResult>> ExecutePrepared(const PreparedStatement& stmt,
                                                       const std::vector<Value>& parameters);

  // The columns `stmt` would return, or nullptr when it returns no rows,
  // without running it (queries are bound with NULLs of `parameter_types`;
  // SHOW and DESCRIBE, which only read the catalog, are run).
  Result<SchemaPtr> DescribePrepared(const PreparedStatement& stmt,
                                     const std::vector<LogicalType>& parameter_types);

  // The types of `stmt`'s parameters as far as they can be inferred from
  // what each $n is compared or combined with in a query (`ts > $1` makes
  // $1 a TIMESTAMP); NULL type where unknown. Binds without running.
  Result<std::vector<LogicalType>> InferParameterTypes(const PreparedStatement& stmt);

  // Asks the running statement to stop with kQueryCanceled. Thread-safe.
  void Cancel() { cancel_requested_.store(true); }
  // The PostgreSQL wire protocol's process id of this session
  // (pg_backend_pid()); 0 for other sessions.
  int32_t backend_pid() const { return backend_pid_; }
  void set_backend_pid(int32_t pid) { backend_pid_ = pid; }

  const std::string& current_database() const { return current_database_; }
  // The authenticated user (current_user); "copra" while no users exist.
  const std::string& user() const { return user_; }
  void set_user(std::string user) { user_ = std::move(user); }
  // Makes `user` the session's user and checks its privileges from now on
  // (engine/access_control.h). Servers call it after authenticating a
  // client; sessions without it (the shell, servers without users) may do
  // everything.
  void set_authenticated_user(std::string user) {
    user_ = std::move(user);
    checks_privileges_ = true;
  }
  bool checks_privileges() const { return checks_privileges_; }
  void set_current_database(std::string name) { current_database_ = std::move(name); }
  // The client's protocol, for the query metrics (copra_queries_total).
  ClientProtocol protocol() const { return protocol_; }
  void set_protocol(ClientProtocol protocol) { protocol_ = protocol; }

  // Session settings (SET name = value); names are lower case.
  Status SetSetting(const std::string& name, const std::string& value);
  // Back to the default (SET name TO DEFAULT, RESET name); "all" resets
  // every setting (RESET ALL).
  void ResetSetting(const std::string& name);
  // Value of a setting, or "" when unset.
  std::string GetSetting(const std::string& name) const;
  int64_t batch_size() const { return batch_size_; }
  // SET statement_timeout (PostgreSQL's forms: 500, '500ms', '5s', '2min',
  // '1h'; 0 = none) in milliseconds; -1 when not set in this session.
  int64_t statement_timeout_ms() const { return statement_timeout_ms_; }

  Database* database() const { return db_; }
  std::atomic<bool>& cancel_flag() { return cancel_requested_; }

 private:
  Database* db_;
  std::string current_database_;
  std::string user_ = "copra";
  ClientProtocol protocol_ = ClientProtocol::kEmbedded;
  bool checks_privileges_ = false;
  std::map<std::string, std::string> settings_;
  int64_t batch_size_;
  int64_t statement_timeout_ms_ = -1;
  int32_t backend_pid_ = 0;
  std::atomic<bool> cancel_requested_{false};
};

}  // namespace copra
