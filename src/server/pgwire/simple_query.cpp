// PgConnection: the simple query protocol (a Query message with zero or more
// statements, run in order until the first error).
#include "common/copra_metrics.h"
#include "engine/session.h"
#include "server/pgwire/cursor_command.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/pg_connection.h"
#include "sql/parser.h"

namespace copra::pgwire {

void PgConnection::HandleQuery(std::string_view sql) {
  // Cursor commands are not engine statements; a query containing one is
  // run piece by piece.
  for (std::string_view piece : SplitStatements(sql)) {
    Result<std::optional<CursorCommand>> cursor = ParseCursorCommand(piece);
    if (!cursor.ok() || cursor->has_value()) {
      HandleQueryPieces(sql);
      return;
    }
  }
  // Parse everything first: a syntax error anywhere runs nothing, and
  // positions are relative to the whole query string, as psql expects.
  Result<std::vector<StatementPtr>> parsed = ParseSql(sql);
  if (!parsed.ok()) {
    CopraMetrics::Get().CountQuery(ClientProtocol::kPgwire, parsed.status());
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
    if (!RunSimpleStatement(prepared, sql)) return;
  }
}

bool PgConnection::RunSimpleStatement(const PreparedStatement& prepared, std::string_view sql) {
  if (RefuseInFailedBlock(prepared)) return false;
  BeginRunning();
  Result<std::unique_ptr<QueryResult>> result = RunStatement(prepared, {});
  if (!result.ok()) {
    EndRunning();
    SendStatementError(result.status(), sql);
    return false;
  }
  Portal portal;
  portal.result = std::move(*result);
  if (portal.result->returns_rows()) {
    SendRowDescription(*portal.result->schema(), {});
    bool suspended = false;
    Status st = SendRows(portal, 0, &suspended);
    EndRunning();
    if (!st.ok()) {
      CopraMetrics::Get().CountQueryError(ClientProtocol::kPgwire, st);
      if (socket_.failure() == WireSocket::Failure::kNone) SendStatementError(st, sql);
      return false;
    }
  } else {
    EndRunning();
  }
  SendCommandComplete(portal.result->command_tag());
  return true;
}

void PgConnection::HandleQueryPieces(std::string_view sql) {
  std::vector<std::string_view> pieces = SplitStatements(sql);
  if (pieces.empty()) {
    socket_.writer().Empty(backend::kEmptyQueryResponse);
    return;
  }
  for (std::string_view piece : pieces) {
    // Blank out the text before the piece so positions match `sql`.
    size_t offset = static_cast<size_t>(piece.data() - sql.data());
    std::string text(sql.substr(0, offset + piece.size()));
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] != '\n') text[i] = ' ';
    }
    Result<std::optional<CursorCommand>> cursor = ParseCursorCommand(text);
    if (!cursor.ok()) {
      SendStatementError(cursor.status(), sql);
      return;
    }
    if (!cursor->has_value()) {
      Result<std::shared_ptr<const PreparedStatement>> prepared = session_->Prepare(text);
      if (!prepared.ok()) {
        SendStatementError(prepared.status(), sql);
        return;
      }
      if (!RunSimpleStatement(**prepared, sql)) return;
      continue;
    }
    const CursorCommand& cmd = **cursor;
    std::shared_ptr<const PreparedStatement> declared;
    if (cmd.kind == CursorCommand::Kind::kDeclare) {
      Result<std::shared_ptr<const PreparedStatement>> p = session_->Prepare(cmd.query);
      if (!p.ok()) {
        SendStatementError(p.status(), sql);
        return;
      }
      declared = *p;
    }
    if (RefuseInFailedBlock(PreparedStatement{})) return;
    if (!RunCursorCommand(cmd, declared.get(), {}, nullptr, true).ok()) return;
  }
}

}  // namespace copra::pgwire
