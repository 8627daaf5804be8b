// StatementExecutor: GRANT and REVOKE of database privileges
// (catalog/privilege.h; stored with the users, catalog/user_store.h).
#include "catalog/catalog.h"
#include "catalog/user_store.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"

namespace copra {

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteGrant(const GrantStatement& stmt) {
  // ALL grants the highest level; revoking ALL (= revoking READ) leaves none.
  Privilege level = Privilege::kNone;
  for (const std::string& name : stmt.privileges) {
    std::optional<Privilege> p =
        name == "all" ? (stmt.revoke ? Privilege::kRead : Privilege::kAdmin) : ParsePrivilege(name);
    if (!p.has_value()) {
      return Status::Error(
          ErrorCode::kSyntaxError,
          "unknown privilege \"" + name + "\" (expected READ, WRITE, ADMIN or ALL)", stmt.pos);
    }
    // GRANT takes the highest level named, REVOKE the lowest (it takes
    // away that level and everything above it).
    if (level == Privilege::kNone || (stmt.revoke ? *p < level : *p > level)) level = *p;
  }
  std::string database = stmt.all_databases ? std::string(kAllDatabases) : stmt.database;
  if (!stmt.all_databases && !catalog_->HasDatabase(database)) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + database + "\" does not exist", stmt.pos);
  }
  UserStore& users = session_->database()->users();
  Status st = stmt.revoke ? users.Revoke(stmt.user, database, level)
                          : users.Grant(stmt.user, database, level);
  if (!st.ok()) return st.WithPosition(stmt.pos);
  return QueryResult::Command(stmt.revoke ? "REVOKE" : "GRANT");
}

}  // namespace copra
