// Statement AST: one struct per statement kind, all deriving from Statement.
// Produced by ParseSql (sql/parser.h); the binder switches on `kind`.
//
// Every Statement keeps `text`, the exact source span of the statement
// (without the trailing ';'), for SHOW CREATE, stored definitions and logs.
// Bodies of Python code ($$ ... $$) are kept verbatim, with `body_pos` at the
// first character of the body so a Python line L maps to SQL line
// body_pos.line + L - 1.
//
// Adding a statement: a StatementKind value, a struct here with kKind and
// ToString(), a ParseXxx in the parser's statement dispatch, and a test.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/expression.h"
#include "sql/query_node.h"

namespace copra {

enum class StatementKind : uint8_t {
  kSelect,  // any query: SELECT, set operation, VALUES
  kExplain,
  kCreateTable,  // CREATE TABLE and CREATE STREAM
  kCreateDatabase,
  kDrop,  // DROP TABLE|STREAM|DATABASE|SCRIPT|FUNCTION|...
  kUse,
  kShow,
  kDescribe,
  kSet,  // SET, RESET
  kInsert,
  kDelete,
  kTruncate,
  kCopy,
  kAdmin,
  kTransaction,
  kCreateScript,
  kCreateFunction,
  kCreateExternalStream,
  kCreateView,  // CREATE [MATERIALIZED] VIEW
  kCreateUser,
  kAlterUser,
  kAlterTable,
  kGrant,  // GRANT and REVOKE
};

const char* StatementKindName(StatementKind kind);

struct Statement {
  Statement(StatementKind kind, SourcePosition pos) : kind(kind), pos(pos) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Canonical SQL; parsing it again gives an equal tree.
  virtual std::string ToString() const = 0;

  template <typename T>
  T& As() {
    COPRA_CHECK(kind == T::kKind);
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& As() const {
    COPRA_CHECK(kind == T::kKind);
    return static_cast<const T&>(*this);
  }

  const StatementKind kind;
  SourcePosition pos;  // first token
  std::string text;    // exact source text of this statement
};

using StatementPtr = std::unique_ptr<Statement>;

struct SelectStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSelect;
  explicit SelectStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  QueryNodePtr query;
};

// EXPLAIN [ANALYZE] [VERBOSE] stmt, EXPLAIN (ANALYZE, VERBOSE) stmt
struct ExplainStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kExplain;
  explicit ExplainStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  bool analyze = false;
  bool verbose = false;
  StatementPtr statement;
};

enum class Nullability : uint8_t { kUnspecified, kNull, kNotNull };

// One column in CREATE TABLE / CREATE STREAM / CREATE EXTERNAL STREAM.
struct ColumnDefinition {
  std::string name;
  std::string type_name;  // as CastExpr::type_name
  Nullability nullability = Nullability::kUnspecified;
  ExprPtr default_value;     // may be null
  bool time_index = false;   // column-level TIME INDEX
  bool primary_key = false;  // column-level PRIMARY KEY
  std::optional<std::string> comment;
  SourcePosition pos;       // the column name
  SourcePosition type_pos;  // the type name
  std::string ToString() const;
};

// CREATE TABLE [IF NOT EXISTS] t (cols, TIME INDEX (c), PRIMARY KEY (a, b))
//   [ENGINE = e] [WITH (k = v, ...)]
// CREATE TABLE t [(cols)] AS query
// CREATE STREAM [IF NOT EXISTS] s (cols) [SETTINGS k = v, ...]
// Column-level and table-level TIME INDEX / PRIMARY KEY are kept as written;
// the binder checks there is exactly one time index.
struct CreateTableStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateTable;
  explicit CreateTableStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  bool is_stream = false;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::string time_index;  // table-level TIME INDEX (c); "" when absent
  SourcePosition time_index_pos;
  std::vector<std::string> primary_key;  // table-level PRIMARY KEY (a, b)
  SourcePosition primary_key_pos;
  std::string engine;              // ENGINE = name; "" when absent
  std::vector<SqlOption> options;  // WITH (...) for tables, SETTINGS for streams
  QueryNodePtr as_query;           // CREATE TABLE t AS query; else null
};

struct CreateDatabaseStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateDatabase;
  explicit CreateDatabaseStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  std::string name;
  bool if_not_exists = false;
  std::vector<SqlOption> options;
};

enum class ObjectType : uint8_t {
  kTable,
  kStream,
  kDatabase,
  kScript,
  kFunction,
  kExternalStream,
  kView,
  kMaterializedView,
  kUser,
};

const char* ObjectTypeName(ObjectType type);  // "TABLE", "EXTERNAL STREAM", ...

// DROP <object type> [IF EXISTS] name [, name ...]
struct DropStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDrop;
  explicit DropStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectType object_type = ObjectType::kTable;
  bool if_exists = false;
  std::vector<ObjectName> names;  // at least one
};

struct UseStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kUse;
  explicit UseStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  std::string database;
};

enum class ShowKind : uint8_t {
  kDatabases,          // SHOW DATABASES
  kTables,             // SHOW TABLES [FROM db]
  kStreams,            // SHOW STREAMS [FROM db]
  kColumns,            // SHOW COLUMNS FROM t
  kCreateTable,        // SHOW CREATE TABLE t / SHOW CREATE STREAM t
  kVariable,           // SHOW name
  kAll,                // SHOW ALL
  kScripts,            // SHOW SCRIPTS
  kFunctions,          // SHOW FUNCTIONS
  kMaterializedViews,  // SHOW MATERIALIZED VIEWS
  kUsers,              // SHOW USERS
  kGrants,             // SHOW GRANTS [FOR user]
};

// SHOW ... [LIKE 'pattern' | WHERE expr]
struct ShowStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kShow;
  explicit ShowStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ShowKind what = ShowKind::kTables;
  // kTables/kStreams: FROM db (parts = {db}); kColumns/kCreateTable: the
  // table (SHOW COLUMNS FROM t FROM db gives parts = {db, t}).
  ObjectName target;
  // kVariable: the setting name, lower case; multi-word settings are
  // normalised: SHOW TIME ZONE -> "timezone",
  // SHOW TRANSACTION ISOLATION LEVEL -> "transaction_isolation".
  std::string variable;
  std::string user;                 // kGrants: FOR user; "" when absent
  std::optional<std::string> like;  // LIKE 'pattern'
  ExprPtr where;                    // WHERE expr (over the SHOW output)
};

// DESCRIBE [TABLE] t, DESC [TABLE] t
struct DescribeStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDescribe;
  explicit DescribeStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName table;
};

enum class SetScope : uint8_t { kDefault, kSession, kLocal };

// SET [SESSION|LOCAL] name {= | TO} value [, value ...] | DEFAULT
// SET TIME ZONE value; RESET name; RESET ALL
struct SetStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSet;
  explicit SetStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  SetScope scope = SetScope::kDefault;
  std::string name;  // lower case; SET TIME ZONE -> "timezone"; RESET ALL -> "all"
  // Values as text: string contents, or words/numbers as written ("on",
  // "-1", "1.5"). Empty when `to_default`.
  std::vector<std::string> values;
  bool to_default = false;  // SET x TO DEFAULT, RESET x
  bool is_reset = false;    // written RESET (for ToString only)
};

// INSERT INTO t [(cols)] VALUES ... | query
struct InsertStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  explicit InsertStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName table;
  std::vector<std::string> columns;  // empty: all columns in table order
  QueryNodePtr source;               // ValuesNode or any query
};

struct DeleteStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDelete;
  explicit DeleteStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName table;
  ExprPtr where;  // null: delete all rows
};

struct TruncateStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kTruncate;
  explicit TruncateStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName table;
};

// COPY t [(cols)] FROM 'file' | STDIN [WITH] (options)
// COPY t [(cols)] | (query) TO 'file' | STDOUT [WITH] (options)
// Options are normalised to key/value pairs whatever the spelling:
// (format 'csv', header true), (format = 'csv'), or the legacy
// `WITH CSV HEADER DELIMITER ','` -> format=csv, header=true, delimiter=",".
struct CopyStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCopy;
  explicit CopyStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName table;                  // empty when copying a query
  std::vector<std::string> columns;  // empty: all columns
  QueryNodePtr query;                // COPY (query) TO ...; else null
  bool is_from = true;               // FROM (import) or TO (export)
  bool stdio = false;                // STDIN / STDOUT instead of a file
  std::string path;
  std::vector<SqlOption> options;
};

// ADMIN flush_table('t'); ADMIN FLUSH TABLE t -> function "flush_table",
// args {'t'}; ADMIN COMPACT TABLE t -> "compact_table".
struct AdminStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kAdmin;
  explicit AdminStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  std::string function;
  std::vector<ExprPtr> args;
};

enum class TransactionOp : uint8_t { kBegin, kCommit, kRollback };

// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK (modes are ignored)
struct TransactionStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kTransaction;
  explicit TransactionStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  TransactionOp op = TransactionOp::kBegin;
};

// CREATE [OR REPLACE] SCRIPT name AS $$ body $$
struct CreateScriptStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateScript;
  explicit CreateScriptStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  bool or_replace = false;
  std::string body;
  SourcePosition body_pos;
};

struct FunctionParam {
  std::string name;
  std::string type_name;
  SourcePosition pos;
};

// CREATE [OR REPLACE] [AGGREGATE] FUNCTION [IF NOT EXISTS] f(a type, ...)
//   RETURNS type LANGUAGE PYTHON AS $$ body $$ [SETTINGS k = v, ...]
// (RETURNS, LANGUAGE and AS may come in any order; SETTINGS after AS.)
struct CreateFunctionStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateFunction;
  explicit CreateFunctionStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  bool or_replace = false;
  bool if_not_exists = false;
  bool aggregate = false;
  std::vector<FunctionParam> params;
  std::string return_type;
  SourcePosition return_type_pos;
  std::string language;  // lower case: "python"
  std::string body;
  SourcePosition body_pos;
  std::vector<SqlOption> settings;
};

// CREATE [OR REPLACE] EXTERNAL STREAM [IF NOT EXISTS] s (cols)
//   [AS $$ body $$] SETTINGS type = 'python', k = v, ...
struct CreateExternalStreamStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateExternalStream;
  explicit CreateExternalStreamStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  bool or_replace = false;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::optional<std::string> body;
  SourcePosition body_pos;
  std::vector<SqlOption> settings;
};

// CREATE [OR REPLACE] [MATERIALIZED] VIEW [IF NOT EXISTS] v [INTO target] AS query
struct CreateViewStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateView;
  explicit CreateViewStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  bool materialized = false;
  bool or_replace = false;
  bool if_not_exists = false;
  ObjectName target;  // INTO target; empty when absent
  QueryNodePtr query;
  std::string query_text;  // exact source text of the query
};

// CREATE USER [IF NOT EXISTS] name WITH PASSWORD 'pw'
struct CreateUserStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kCreateUser;
  explicit CreateUserStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  std::string name;
  bool if_not_exists = false;
  std::optional<std::string> password;
  std::optional<bool> superuser;  // SUPERUSER / NOSUPERUSER; unset when absent
};

// ALTER USER name [WITH] {PASSWORD 'pw' | SUPERUSER | NOSUPERUSER} ...
struct AlterUserStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kAlterUser;
  explicit AlterUserStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  std::string name;
  std::optional<std::string> password;
  std::optional<bool> superuser;
};

// ALTER TABLE [db.]t
//   ADD [COLUMN] [IF NOT EXISTS] coldef        (PRIMARY KEY in coldef: a new tag)
// | DROP [COLUMN] [IF EXISTS] c
// | RENAME [TO] t2
// | RENAME COLUMN a TO b
enum class AlterTableAction : uint8_t { kAddColumn, kDropColumn, kRenameTable, kRenameColumn };

struct AlterTableStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kAlterTable;
  explicit AlterTableStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
  AlterTableAction action = AlterTableAction::kAddColumn;
  bool if_exists = false;     // ADD ... IF NOT EXISTS / DROP ... IF EXISTS
  ColumnDefinition column;    // kAddColumn
  std::string column_name;    // kDropColumn, kRenameColumn (the old name)
  SourcePosition column_pos;  // of column_name
  std::string new_name;       // kRenameTable, kRenameColumn
  SourcePosition new_name_pos;
};

// GRANT priv[, ...] ON {DATABASE db | ALL DATABASES | *} TO user
// REVOKE priv[, ...] ON {DATABASE db | ALL DATABASES | *} FROM user
struct GrantStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kGrant;
  explicit GrantStatement(SourcePosition pos) : Statement(kKind, pos) {}
  std::string ToString() const override;

  bool revoke = false;
  std::vector<std::string> privileges;  // lower case: "read", "write", "admin", "all"
  bool all_databases = false;           // ON ALL DATABASES / ON *; `database` is ""
  std::string database;
  std::string user;
};

}  // namespace copra
