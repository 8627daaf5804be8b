#include "engine/access_control.h"

#include "catalog/catalog.h"
#include "catalog/user_store.h"
#include "engine/database.h"
#include "engine/session.h"
#include "sql/ast.h"

namespace copra {

namespace {

Status Denied(const std::string& message, SourcePosition pos) {
  return Status::Error(ErrorCode::kInsufficientPrivilege, message, pos);
}

bool Unrestricted(const Session& session) {
  return !session.checks_privileges() || session.database()->users().IsSuperuser(session.user());
}

// The database `name` lives in.
std::string DatabaseOf(const Session& session, const ObjectName& name) {
  std::string db = name.database();
  return db.empty() ? session.current_database() : db;
}

Status CheckNamed(const Session& session, const ObjectName& name, Privilege level) {
  return CheckDatabaseAccess(session, DatabaseOf(session, name), level, name.pos);
}

}  // namespace

Status CheckDatabaseAccess(const Session& session, const std::string& database, Privilege level,
                           SourcePosition pos) {
  if (Unrestricted(session)) return Status::OK();
  if (level == Privilege::kRead && session.database()->catalog().IsSystemSchema(database)) {
    return Status::OK();
  }
  if (session.database()->users().PrivilegeOn(session.user(), database) >= level) {
    return Status::OK();
  }
  return Denied("permission denied for database \"" + database + "\": user \"" + session.user() +
                    "\" needs " + PrivilegeName(level) + " (GRANT " + PrivilegeName(level) +
                    " ON DATABASE " + database + " TO " + session.user() + ")",
                pos);
}

Status CheckSuperuser(const Session& session, const std::string& what, SourcePosition pos) {
  if (Unrestricted(session)) return Status::OK();
  return Denied("permission denied: " + what + " needs a superuser", pos);
}

Status CheckStatementAccess(const Session& session, const Statement& stmt) {
  if (Unrestricted(session)) return Status::OK();
  const SourcePosition pos = stmt.pos;
  switch (stmt.kind) {
    case StatementKind::kSelect:  // tables are checked while binding
    case StatementKind::kUse:
    case StatementKind::kSet:
    case StatementKind::kTransaction: return Status::OK();
    case StatementKind::kExplain:
      return CheckStatementAccess(session, *stmt.As<ExplainStatement>().statement);
    case StatementKind::kShow: {
      const auto& show = stmt.As<ShowStatement>();
      switch (show.what) {
        case ShowKind::kTables:
        case ShowKind::kStreams:
          return CheckDatabaseAccess(
              session, show.target.empty() ? session.current_database() : show.target.name(),
              Privilege::kRead, pos);
        case ShowKind::kColumns:
        case ShowKind::kCreateTable: return CheckNamed(session, show.target, Privilege::kRead);
        case ShowKind::kScripts:
        case ShowKind::kFunctions:
        case ShowKind::kMaterializedViews:
          return CheckDatabaseAccess(session, session.current_database(), Privilege::kRead, pos);
        case ShowKind::kGrants:
          if (show.user.empty() || show.user == session.user()) return Status::OK();
          return CheckSuperuser(session, "SHOW GRANTS FOR another user", pos);
        default: return Status::OK();  // databases, users, settings
      }
    }
    case StatementKind::kDescribe:
      return CheckNamed(session, stmt.As<DescribeStatement>().table, Privilege::kRead);
    case StatementKind::kInsert:
      return CheckNamed(session, stmt.As<InsertStatement>().table, Privilege::kWrite);
    case StatementKind::kDelete:
      return CheckNamed(session, stmt.As<DeleteStatement>().table, Privilege::kWrite);
    case StatementKind::kTruncate:
      return CheckNamed(session, stmt.As<TruncateStatement>().table, Privilege::kWrite);
    case StatementKind::kCopy: {
      const auto& copy = stmt.As<CopyStatement>();
      if (!copy.stdio) {
        return CheckSuperuser(
            session, copy.is_from ? "COPY from a server file" : "COPY to a server file", pos);
      }
      if (copy.query != nullptr) return Status::OK();  // the query's tables are checked
      return CheckNamed(session, copy.table, copy.is_from ? Privilege::kWrite : Privilege::kRead);
    }
    case StatementKind::kAdmin:
      return CheckDatabaseAccess(session, session.current_database(), Privilege::kAdmin, pos);
    case StatementKind::kCreateTable:
      return CheckNamed(session, stmt.As<CreateTableStatement>().name, Privilege::kAdmin);
    case StatementKind::kAlterTable:
      return CheckNamed(session, stmt.As<AlterTableStatement>().name, Privilege::kAdmin);
    case StatementKind::kCreateScript:
      return CheckNamed(session, stmt.As<CreateScriptStatement>().name, Privilege::kAdmin);
    case StatementKind::kCreateFunction:
      return CheckNamed(session, stmt.As<CreateFunctionStatement>().name, Privilege::kAdmin);
    case StatementKind::kCreateExternalStream:
      return CheckNamed(session, stmt.As<CreateExternalStreamStatement>().name, Privilege::kAdmin);
    case StatementKind::kCreateView:
      return CheckNamed(session, stmt.As<CreateViewStatement>().name, Privilege::kAdmin);
    case StatementKind::kCreateDatabase: return CheckSuperuser(session, "CREATE DATABASE", pos);
    case StatementKind::kDrop: {
      const auto& drop = stmt.As<DropStatement>();
      if (drop.object_type == ObjectType::kUser) return CheckSuperuser(session, "DROP USER", pos);
      for (const ObjectName& name : drop.names) {
        if (drop.object_type == ObjectType::kDatabase) {
          COPRA_RETURN_NOT_OK(
              CheckDatabaseAccess(session, name.name(), Privilege::kAdmin, name.pos));
        } else {
          COPRA_RETURN_NOT_OK(CheckNamed(session, name, Privilege::kAdmin));
        }
      }
      return Status::OK();
    }
    case StatementKind::kCreateUser: return CheckSuperuser(session, "CREATE USER", pos);
    case StatementKind::kAlterUser: {
      const auto& alter = stmt.As<AlterUserStatement>();
      if (alter.name == session.user() && !alter.superuser.has_value()) return Status::OK();
      return CheckSuperuser(session, "ALTER USER", pos);
    }
    case StatementKind::kGrant:
      return CheckSuperuser(session, stmt.As<GrantStatement>().revoke ? "REVOKE" : "GRANT", pos);
  }
  return Denied("permission denied", pos);
}

}  // namespace copra
