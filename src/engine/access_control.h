// Access control: which privilege (catalog/privilege.h) a statement needs,
// and the check against the session's authenticated user. The one place
// where the policy lives; the statement executor calls
// CheckStatementAccess() before running any statement, the binder asks
// CheckDatabaseAccess() (kRead) for every table a query reads, and the
// paths that do not run SQL statements (InfluxDB line-protocol writes,
// scripts saved over HTTP) call CheckDatabaseAccess() themselves.
//
// Policy (docs/sql.md, "Users and privileges"):
//   - sessions without an authenticated user (the shell, servers while no
//     user exists) and superusers may do everything;
//   - read:  SELECT (per table read), SHOW/DESCRIBE of a database's
//            objects, COPY ... TO STDOUT, running scripts;
//   - write: INSERT, DELETE, TRUNCATE, COPY ... FROM STDIN, line protocol;
//   - admin: CREATE/ALTER/DROP of tables, views, scripts, functions, external
//            streams and the database itself, ADMIN flush/compact;
//   - superuser only: CREATE DATABASE, CREATE/ALTER/DROP USER (except a
//     user changing its own password), GRANT/REVOKE, SHOW GRANTS FOR
//     another user, COPY to or from a server file (as in PostgreSQL).
// Objects in the system schemas (information_schema, pg_catalog) and the
// global system tables are readable by every user.
// Errors are kInsufficientPrivilege (SQLSTATE 42501), e.g.
// `permission denied for database d` (needs write).
//
// Thread-safe as far as the session is used by one thread (the user store
// is thread-safe).
#pragma once

#include <string>

#include "catalog/privilege.h"
#include "common/status.h"

namespace copra {

class Session;
struct Statement;

// OK when the session may run `stmt` as far as the statement itself says
// (tables read by queries are checked while binding).
Status CheckStatementAccess(const Session& session, const Statement& stmt);

// OK when the session's user holds `level` (or more) on `database`.
Status CheckDatabaseAccess(const Session& session, const std::string& database, Privilege level,
                           SourcePosition pos = {});

// OK when the session is unrestricted or its user is a superuser;
// otherwise "permission denied: <what> needs a superuser".
Status CheckSuperuser(const Session& session, const std::string& what, SourcePosition pos = {});

}  // namespace copra
