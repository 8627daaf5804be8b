// PgConnection: the simple query protocol (a Query message with zero or more
// statements, run in order until the first error).
#include "engine/session.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/pg_connection.h"
#include "sql/parser.h"

namespace copra::pgwire {

void PgConnection::HandleQuery(std::string_view sql) {
  // Parse everything first: a syntax error anywhere runs nothing, and
  // positions are relative to the whole query string, as psql expects.
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  if (!parsed.ok()) {
    SendStatementError(parsed.status(), sql);
    return;
  }
  if (parsed->empty()) {
    socket_.writer().Empty(backend::kEmptyQueryResponse);
    return;
  }
  for (StatementPtr& stmt : *parsed) {
    PreparedStatement prepared;
    prepared.statement = std::move(stmt);
    if (RefuseInFailedBlock(prepared)) return;
    BeginRunning();
    Result<std::unique_ptr<QueryResult>> result = RunStatement(prepared, {});
    if (!result.ok()) {
      EndRunning();
      SendStatementError(result.status(), sql);
      return;
    }
    Portal portal;
    portal.result = std::move(*result);
    if (portal.result->returns_rows()) {
      SendRowDescription(*portal.result->schema(), {});
      bool suspended = false;
      Status st = SendRows(portal, 0, &suspended);
      EndRunning();
      if (!st.ok()) {
        if (socket_.failure() != WireSocket::Failure::kNone) return;
        SendStatementError(st, sql);
        return;
      }
    } else {
      EndRunning();
    }
    SendCommandComplete(portal.result->command_tag());
  }
}

}  // namespace copra::pgwire
