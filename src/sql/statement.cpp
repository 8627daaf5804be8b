#include "sql/statement.h"

namespace copra {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

// A dollar quote whose tag does not occur in `body`.
std::string DollarQuote(const std::string& body) {
  std::string tag;
  for (int n = 0;; ++n) {
    std::string delim = "$" + tag + "$";
    // The first occurrence of the closing delimiter must be the real one.
    if ((body + delim).find(delim) == body.size()) {
      return delim + body + delim;
    }
    tag = "q" + std::to_string(n);
  }
}

// SET values: plain identifiers and simple numbers stay bare (SET x = on
// would need the quotes anyway: ON is reserved), anything else is quoted;
// both spellings parse back to the same value text.
std::string SetValue(const std::string& v) {
  if (!v.empty() && QuoteIdentifier(v) == v) return v;
  size_t i = (!v.empty() && v[0] == '-') ? 1 : 0;
  int digits = 0;
  int dots = 0;
  for (; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') {
      ++digits;
    } else if (v[i] == '.') {
      ++dots;
    } else {
      break;
    }
  }
  if (i == v.size() && digits > 0 && dots <= 1) return v;
  return QuoteString(v);
}

}  // namespace

const char* StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect: return "SELECT";
    case StatementKind::kExplain: return "EXPLAIN";
    case StatementKind::kCreateTable: return "CREATE TABLE";
    case StatementKind::kCreateDatabase: return "CREATE DATABASE";
    case StatementKind::kDrop: return "DROP";
    case StatementKind::kUse: return "USE";
    case StatementKind::kShow: return "SHOW";
    case StatementKind::kDescribe: return "DESCRIBE";
    case StatementKind::kSet: return "SET";
    case StatementKind::kInsert: return "INSERT";
    case StatementKind::kDelete: return "DELETE";
    case StatementKind::kTruncate: return "TRUNCATE";
    case StatementKind::kCopy: return "COPY";
    case StatementKind::kAdmin: return "ADMIN";
    case StatementKind::kTransaction: return "TRANSACTION";
    case StatementKind::kCreateScript: return "CREATE SCRIPT";
    case StatementKind::kCreateFunction: return "CREATE FUNCTION";
    case StatementKind::kCreateExternalStream: return "CREATE EXTERNAL STREAM";
    case StatementKind::kCreateView: return "CREATE VIEW";
    case StatementKind::kCreateUser: return "CREATE USER";
    case StatementKind::kAlterUser: return "ALTER USER";
    case StatementKind::kAlterTable: return "ALTER TABLE";
    case StatementKind::kGrant: return "GRANT";
  }
  return "?";
}

const char* ObjectTypeName(ObjectType type) {
  switch (type) {
    case ObjectType::kTable: return "TABLE";
    case ObjectType::kStream: return "STREAM";
    case ObjectType::kDatabase: return "DATABASE";
    case ObjectType::kScript: return "SCRIPT";
    case ObjectType::kFunction: return "FUNCTION";
    case ObjectType::kExternalStream: return "EXTERNAL STREAM";
    case ObjectType::kView: return "VIEW";
    case ObjectType::kMaterializedView: return "MATERIALIZED VIEW";
    case ObjectType::kUser: return "USER";
  }
  return "?";
}

std::string SelectStatement::ToString() const { return query->ToString(); }

std::string ExplainStatement::ToString() const {
  std::string out = "EXPLAIN ";
  if (analyze) out += "ANALYZE ";
  if (verbose) out += "VERBOSE ";
  return out + statement->ToString();
}

std::string ColumnDefinition::ToString() const {
  std::string out = QuoteIdentifier(name) + " " + type_name;
  if (nullability == Nullability::kNull) out += " NULL";
  if (nullability == Nullability::kNotNull) out += " NOT NULL";
  if (default_value) out += " DEFAULT " + default_value->ToString();
  if (time_index) out += " TIME INDEX";
  if (primary_key) out += " PRIMARY KEY";
  if (comment) out += " COMMENT " + QuoteString(*comment);
  return out;
}

namespace {
std::string ColumnList(const std::vector<ColumnDefinition>& columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += columns[i].ToString();
  }
  return out;
}
}  // namespace

std::string CreateTableStatement::ToString() const {
  std::string out = is_stream ? "CREATE STREAM " : "CREATE TABLE ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString();
  if (!columns.empty() || !time_index.empty() || !primary_key.empty()) {
    out += " (" + ColumnList(columns);
    bool first = columns.empty();
    if (!time_index.empty()) {
      out += (first ? "" : ", ") + std::string("TIME INDEX (") + QuoteIdentifier(time_index) + ")";
      first = false;
    }
    if (!primary_key.empty()) {
      out += (first ? "" : ", ") + std::string("PRIMARY KEY (") + JoinNames(primary_key) + ")";
    }
    out += ")";
  }
  if (!engine.empty()) out += " ENGINE = " + QuoteIdentifier(engine);
  if (!options.empty()) {
    out += is_stream ? " SETTINGS " + OptionsToString(options)
                     : " WITH (" + OptionsToString(options) + ")";
  }
  if (as_query) out += " AS " + as_query->ToString();
  return out;
}

std::string CreateDatabaseStatement::ToString() const {
  std::string out = "CREATE DATABASE ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += QuoteIdentifier(name);
  if (!options.empty()) out += " WITH (" + OptionsToString(options) + ")";
  return out;
}

std::string DropStatement::ToString() const {
  std::string out = std::string("DROP ") + ObjectTypeName(object_type) + " ";
  if (if_exists) out += "IF EXISTS ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i].ToString();
  }
  return out;
}

std::string UseStatement::ToString() const { return "USE " + QuoteIdentifier(database); }

std::string ShowStatement::ToString() const {
  std::string out = "SHOW ";
  switch (what) {
    case ShowKind::kDatabases: out += "DATABASES"; break;
    case ShowKind::kTables: out += "TABLES"; break;
    case ShowKind::kStreams: out += "STREAMS"; break;
    case ShowKind::kColumns: out += "COLUMNS FROM " + target.ToString(); break;
    case ShowKind::kCreateTable: out += "CREATE TABLE " + target.ToString(); break;
    case ShowKind::kVariable:
      if (variable == "timezone") {
        out += "TIME ZONE";
      } else if (variable == "transaction_isolation") {
        out += "TRANSACTION ISOLATION LEVEL";
      } else {
        out += QuoteIdentifier(variable);
      }
      break;
    case ShowKind::kAll: out += "ALL"; break;
    case ShowKind::kScripts: out += "SCRIPTS"; break;
    case ShowKind::kFunctions: out += "FUNCTIONS"; break;
    case ShowKind::kMaterializedViews: out += "MATERIALIZED VIEWS"; break;
    case ShowKind::kUsers: out += "USERS"; break;
    case ShowKind::kGrants:
      out += "GRANTS";
      if (!user.empty()) out += " FOR " + QuoteIdentifier(user);
      break;
  }
  if ((what == ShowKind::kTables || what == ShowKind::kStreams) && !target.empty()) {
    out += " FROM " + target.ToString();
  }
  if (like) out += " LIKE " + QuoteString(*like);
  if (where) out += " WHERE " + where->ToString();
  return out;
}

std::string DescribeStatement::ToString() const { return "DESCRIBE TABLE " + table.ToString(); }

std::string SetStatement::ToString() const {
  if (is_reset) return "RESET " + (name == "all" ? std::string("ALL") : QuoteIdentifier(name));
  std::string out = "SET ";
  if (scope == SetScope::kSession) out += "SESSION ";
  if (scope == SetScope::kLocal) out += "LOCAL ";
  if (name == "timezone" && !to_default && values.size() == 1) {
    return out + "TIME ZONE " + SetValue(values[0]);
  }
  out += QuoteIdentifier(name) + " = ";
  if (to_default) return out + "DEFAULT";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += SetValue(values[i]);
  }
  return out;
}

std::string InsertStatement::ToString() const {
  std::string out = "INSERT INTO " + table.ToString();
  if (!columns.empty()) out += " (" + JoinNames(columns) + ")";
  return out + " " + source->ToString();
}

std::string DeleteStatement::ToString() const {
  std::string out = "DELETE FROM " + table.ToString();
  if (where) out += " WHERE " + where->ToString();
  return out;
}

std::string TruncateStatement::ToString() const { return "TRUNCATE TABLE " + table.ToString(); }

std::string CopyStatement::ToString() const {
  std::string out = "COPY ";
  if (query) {
    out += "(" + query->ToString() + ")";
  } else {
    out += table.ToString();
    if (!columns.empty()) out += " (" + JoinNames(columns) + ")";
  }
  out += is_from ? " FROM " : " TO ";
  if (stdio) {
    out += is_from ? "STDIN" : "STDOUT";
  } else {
    out += QuoteString(path);
  }
  if (!options.empty()) out += " WITH (" + OptionsToString(options) + ")";
  return out;
}

std::string AdminStatement::ToString() const {
  std::string out = "ADMIN " + QuoteIdentifier(function) + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i]->ToString();
  }
  return out + ")";
}

std::string TransactionStatement::ToString() const {
  switch (op) {
    case TransactionOp::kBegin: return "BEGIN";
    case TransactionOp::kCommit: return "COMMIT";
    case TransactionOp::kRollback: return "ROLLBACK";
  }
  return "?";
}

std::string CreateScriptStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  return out + "SCRIPT " + name.ToString() + " AS " + DollarQuote(body);
}

std::string CreateFunctionStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  if (aggregate) out += "AGGREGATE ";
  out += "FUNCTION ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString() + "(";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(params[i].name) + " " + params[i].type_name;
  }
  out += ") RETURNS " + return_type + " LANGUAGE " + QuoteIdentifier(language) + " AS " +
         DollarQuote(body);
  if (!settings.empty()) out += " SETTINGS " + OptionsToString(settings);
  return out;
}

std::string CreateExternalStreamStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  out += "EXTERNAL STREAM ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString() + " (" + ColumnList(columns) + ")";
  if (body) out += " AS " + DollarQuote(*body);
  if (!settings.empty()) out += " SETTINGS " + OptionsToString(settings);
  return out;
}

std::string CreateViewStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  if (materialized) out += "MATERIALIZED ";
  out += "VIEW ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString();
  if (!target.empty()) out += " INTO " + target.ToString();
  return out + " AS " + query->ToString();
}

std::string CreateUserStatement::ToString() const {
  std::string out = "CREATE USER ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += QuoteIdentifier(name);
  if (password || superuser) out += " WITH";
  if (password) out += " PASSWORD " + QuoteString(*password);
  if (superuser) out += *superuser ? " SUPERUSER" : " NOSUPERUSER";
  return out;
}

std::string AlterTableStatement::ToString() const {
  std::string out = "ALTER TABLE " + name.ToString();
  switch (action) {
    case AlterTableAction::kAddColumn:
      return out + " ADD COLUMN " + (if_exists ? "IF NOT EXISTS " : "") + column.ToString();
    case AlterTableAction::kDropColumn:
      return out + " DROP COLUMN " + (if_exists ? "IF EXISTS " : "") + QuoteIdentifier(column_name);
    case AlterTableAction::kRenameTable: return out + " RENAME TO " + QuoteIdentifier(new_name);
    case AlterTableAction::kRenameColumn:
      return out + " RENAME COLUMN " + QuoteIdentifier(column_name) + " TO " +
             QuoteIdentifier(new_name);
  }
  return out;
}

std::string AlterUserStatement::ToString() const {
  std::string out = "ALTER USER " + QuoteIdentifier(name) + " WITH";
  if (password) out += " PASSWORD " + QuoteString(*password);
  if (superuser) out += *superuser ? " SUPERUSER" : " NOSUPERUSER";
  return out;
}

std::string GrantStatement::ToString() const {
  std::string out = revoke ? "REVOKE " : "GRANT ";
  for (size_t i = 0; i < privileges.size(); ++i) {
    if (i > 0) out += ", ";
    out += privileges[i] == "all" ? std::string("ALL") : QuoteIdentifier(privileges[i]);
  }
  out += all_databases ? " ON ALL DATABASES" : " ON DATABASE " + QuoteIdentifier(database);
  out += revoke ? " FROM " : " TO ";
  return out + QuoteIdentifier(user);
}

}  // namespace copra
