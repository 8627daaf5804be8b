// StatementExecutor: runs one parsed statement for a Session and returns its
// result. Split by statement family:
//   statement_executor.cpp  dispatch, SET/SHOW variable, USE, transactions
//   execute_query.cpp       SELECT and EXPLAIN [VERBOSE] [ANALYZE]
//   execute_ddl.cpp         CREATE/DROP TABLE and DATABASE
//   execute_alter.cpp       ALTER TABLE
//   execute_dml.cpp         INSERT, DELETE, TRUNCATE
//   execute_copy.cpp        COPY FROM/TO CSV and Parquet files
//   execute_admin.cpp       ADMIN flush_table / compact_table
//   execute_show.cpp        SHOW DATABASES/TABLES/CREATE TABLE/SCRIPTS/FUNCTIONS, DESCRIBE
//   execute_python.cpp      CREATE/DROP SCRIPT, CREATE/DROP FUNCTION (Python)
//   execute_grant.cpp       GRANT, REVOKE, SHOW GRANTS
// Every statement first passes CheckStatementAccess (access_control.h).
#pragma once

#include <memory>
#include <mutex>

#include "common/status.h"
#include "engine/query_result.h"
#include "sql/ast.h"

namespace copra {

class Binder;
class Session;
class Catalog;
class UserFunctions;
struct ExecContext;
struct LogicalPlan;
struct OptimizerStep;

class StatementExecutor {
 public:
  // `parameters` (borrowed, optional) are the values of $1..$n.
  explicit StatementExecutor(Session* session, const std::vector<Value>* parameters = nullptr);
  ~StatementExecutor();

  Result<std::unique_ptr<QueryResult>> Execute(const Statement& statement);
  // Types of the $n placeholders of a query, from what they meet while
  // binding (Session::InferParameterTypes).
  Status InferParameterTypes(const Statement& statement, std::vector<LogicalType>* types);
  // The schema `statement` returns (see Session::DescribePrepared).
  Result<SchemaPtr> Describe(const Statement& statement);

 private:
  Result<std::unique_ptr<QueryResult>> ExecuteQuery(const SelectStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteExplain(const ExplainStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteCreateTable(const CreateTableStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteCreateDatabase(const CreateDatabaseStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteDrop(const DropStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteAlterTable(const AlterTableStatement& stmt);
  // Held by ALTER TABLE and DROP TABLE/DATABASE: one table change at a time
  // in the process, so concurrent ADD COLUMN IF NOT EXISTS (line protocol)
  // see each other and a table is never dropped halfway through an ALTER.
  static std::mutex& TableChangeMutex();
  Result<std::unique_ptr<QueryResult>> ExecuteInsert(const InsertStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteDelete(const DeleteStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteTruncate(const TruncateStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteCopy(const CopyStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteShow(const ShowStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteDescribe(const DescribeStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteSet(const SetStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteUse(const UseStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteAdmin(const AdminStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteCreateScript(const CreateScriptStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteCreateFunction(const CreateFunctionStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteDropPython(const DropStatement& stmt);
  Result<std::unique_ptr<QueryResult>> ExecuteGrant(const GrantStatement& stmt);

  // Binds and optimizes a query. `steps` (optional) receives the plan after
  // each optimizer rule; `initial` (optional) the unoptimized plan.
  Result<std::unique_ptr<LogicalPlan>> PlanQuery(const QueryNode& query,
                                                 std::vector<OptimizerStep>* steps,
                                                 std::string* initial);
  // A Binder for this session, able to run subqueries.
  std::unique_ptr<Binder> MakeBinder();
  // Optimizes and runs a plan to completion (subqueries).
  Result<std::vector<BatchPtr>> RunPlan(std::unique_ptr<LogicalPlan> plan);
  // A fresh execution context for one statement.
  std::shared_ptr<ExecContext> MakeExecContext();

  Session* session_;
  Catalog* catalog_;
  const std::vector<Value>* parameters_;
  // User-defined functions as the binders of this statement see them.
  std::unique_ptr<UserFunctions> user_functions_;
};

}  // namespace copra
