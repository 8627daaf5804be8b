// PgConnection: the extended query protocol (Parse, Bind, Describe,
// Execute, Close, Sync). A failing message sends an ErrorResponse and
// returns its Status; the dispatcher then skips messages until Sync.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/pg_type.h"
#include "common/copra_metrics.h"
#include "engine/session.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/parameter_decoder.h"
#include "server/pgwire/pg_connection.h"

namespace copra::pgwire {

namespace {

// A protocol-level (not SQL) error with its own SQLSTATE, already sent.
Status Sent(const Status& status) { return status; }

}  // namespace

Status PgConnection::HandleParse(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(std::string_view name, r.CString());
  COPRA_ASSIGN_OR_RETURN(std::string_view sql, r.CString());
  COPRA_ASSIGN_OR_RETURN(int16_t n_types, r.Int16());
  if (n_types < 0) return r.Invalid("negative parameter type count");
  std::vector<uint32_t> oids;
  for (int i = 0; i < n_types; ++i) {
    COPRA_ASSIGN_OR_RETURN(int32_t oid, r.Int32());
    oids.push_back(static_cast<uint32_t>(oid));
  }
  COPRA_RETURN_NOT_OK(r.ExpectEnd());
  std::string key(name);
  if (!key.empty() && statements_.count(key) != 0) {
    std::string msg = fmt::format("prepared statement \"{}\" already exists", key);
    WriteErrorResponse(socket_.writer(), Severity::kError, "42P05", msg);
    return Sent(Status::AlreadyExists(msg));
  }
  Result<std::optional<CursorCommand>> cursor = ParseCursorCommand(sql);
  if (!cursor.ok()) {
    SendStatementError(cursor.status(), sql);
    return cursor.status();
  }
  Result<std::shared_ptr<const PreparedStatement>> prepared =
      std::shared_ptr<const PreparedStatement>();
  if (!cursor->has_value()) {
    prepared = session_->Prepare(sql);
  } else if ((*cursor)->kind == CursorCommand::Kind::kDeclare) {
    prepared = session_->Prepare((*cursor)->query);
  } else {
    auto empty = std::make_shared<PreparedStatement>();
    empty->sql = std::string(sql);
    prepared = std::shared_ptr<const PreparedStatement>(std::move(empty));
  }
  if (!prepared.ok()) {
    SendStatementError(prepared.status(), sql);
    return prepared.status();
  }
  PgStatement stmt;
  stmt.prepared = *prepared;
  stmt.cursor = std::move(*cursor);
  stmt.parameter_oids = oids;
  if (static_cast<int>(stmt.parameter_oids.size()) < (*prepared)->parameter_count) {
    stmt.parameter_oids.resize(static_cast<size_t>((*prepared)->parameter_count), 0);
  }
  // Undeclared parameters take the type of what they meet in the query, as
  // PostgreSQL infers them; a query that cannot be bound yet keeps them
  // untyped (its error comes when it runs).
  if (std::find(stmt.parameter_oids.begin(), stmt.parameter_oids.end(), 0u) !=
      stmt.parameter_oids.end()) {
    Result<std::vector<LogicalType>> inferred = session_->InferParameterTypes(**prepared);
    if (inferred.ok()) {
      for (size_t i = 0; i < stmt.parameter_oids.size() && i < inferred->size(); ++i) {
        if (stmt.parameter_oids[i] == 0 && !(*inferred)[i].IsNull()) {
          stmt.parameter_oids[i] = PgTypeFor((*inferred)[i]).oid;
        }
      }
    }
  }
  statements_[key] = std::move(stmt);
  socket_.writer().Empty(backend::kParseComplete);
  return Status::OK();
}

Status PgConnection::HandleBind(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(std::string_view portal_name, r.CString());
  COPRA_ASSIGN_OR_RETURN(std::string_view stmt_name, r.CString());
  COPRA_ASSIGN_OR_RETURN(int16_t n_formats, r.Int16());
  if (n_formats < 0) return r.Invalid("negative format count");
  std::vector<int16_t> param_formats;
  for (int i = 0; i < n_formats; ++i) {
    COPRA_ASSIGN_OR_RETURN(int16_t f, r.Int16());
    param_formats.push_back(f);
  }
  COPRA_ASSIGN_OR_RETURN(int16_t n_params, r.Int16());
  if (n_params < 0) return r.Invalid("negative parameter count");
  std::vector<std::optional<std::string_view>> raw;
  for (int i = 0; i < n_params; ++i) {
    COPRA_ASSIGN_OR_RETURN(int32_t len, r.Int32());
    if (len == -1) {
      raw.emplace_back(std::nullopt);
    } else {
      COPRA_ASSIGN_OR_RETURN(std::string_view bytes, r.Bytes(len));
      raw.emplace_back(bytes);
    }
  }
  COPRA_ASSIGN_OR_RETURN(int16_t n_results, r.Int16());
  if (n_results < 0) return r.Invalid("negative result format count");
  std::vector<int16_t> result_formats;
  for (int i = 0; i < n_results; ++i) {
    COPRA_ASSIGN_OR_RETURN(int16_t f, r.Int16());
    if (f != kTextFormat && f != kBinaryFormat) {
      return r.Invalid(fmt::format("unsupported result format code {}", f));
    }
    result_formats.push_back(f);
  }
  COPRA_RETURN_NOT_OK(r.ExpectEnd());

  auto it = statements_.find(std::string(stmt_name));
  if (it == statements_.end()) {
    std::string msg = fmt::format("prepared statement \"{}\" does not exist", stmt_name);
    WriteErrorResponse(socket_.writer(), Severity::kError, "26000", msg);
    return Sent(Status::NotFound(msg));
  }
  const PgStatement& stmt = it->second;
  if (raw.size() != stmt.parameter_oids.size()) {
    return r.Invalid(fmt::format(
        "bind message supplies {} parameters, but prepared statement \"{}\" requires {}",
        raw.size(), stmt_name, stmt.parameter_oids.size()));
  }
  if (param_formats.size() > 1 && param_formats.size() != raw.size()) {
    return r.Invalid(fmt::format("bind message has {} parameter formats but {} parameters",
                                 param_formats.size(), raw.size()));
  }
  std::string key(portal_name);
  if (!key.empty() && portals_.count(key) != 0) {
    std::string msg = fmt::format("cursor \"{}\" already exists", key);
    WriteErrorResponse(socket_.writer(), Severity::kError, "42P03", msg);
    return Sent(Status::AlreadyExists(msg));
  }
  Portal portal;
  portal.prepared = stmt.prepared;
  portal.cursor = stmt.cursor;
  portal.result_formats = std::move(result_formats);
  for (size_t i = 0; i < raw.size(); ++i) {
    int16_t format = ResultFormat(param_formats, i);
    Result<Value> v =
        DecodeParameter(static_cast<int>(i) + 1, stmt.parameter_oids[i], format, raw[i]);
    if (!v.ok()) {
      if (v.status().code() == ErrorCode::kProtocolViolation) return v.status();
      SendStatementError(v.status(), "");
      return v.status();
    }
    portal.parameters.push_back(std::move(*v));
  }
  portals_[key] = std::move(portal);
  socket_.writer().Empty(backend::kBindComplete);
  return Status::OK();
}

Status PgConnection::HandleDescribe(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(uint8_t kind, r.Byte());
  COPRA_ASSIGN_OR_RETURN(std::string_view name, r.CString());
  COPRA_RETURN_NOT_OK(r.ExpectEnd());
  MessageWriter& w = socket_.writer();
  if (kind == 'S') {
    auto it = statements_.find(std::string(name));
    if (it == statements_.end()) {
      std::string msg = fmt::format("prepared statement \"{}\" does not exist", name);
      WriteErrorResponse(w, Severity::kError, "26000", msg);
      return Sent(Status::NotFound(msg));
    }
    const PgStatement& stmt = it->second;
    std::vector<LogicalType> types;
    w.Begin(backend::kParameterDescription);
    w.Int16(static_cast<int16_t>(stmt.parameter_oids.size()));
    for (uint32_t oid : stmt.parameter_oids) {
      LogicalType type = ParameterType(oid);
      types.push_back(type);
      // Undeclared parameters are taken as text (like string literals).
      w.Int32(static_cast<int32_t>(oid != 0 ? oid : PgTypeFor(LogicalType::String()).oid));
    }
    w.End();
    if (stmt.cursor.has_value()) {
      auto open = cursors_.find(stmt.cursor->name);
      if (stmt.cursor->kind == CursorCommand::Kind::kFetch && open != cursors_.end()) {
        SendRowDescription(*open->second.result->schema(), {});
      } else {
        w.Empty(backend::kNoData);
      }
      return Status::OK();
    }
    Result<SchemaPtr> schema = session_->DescribePrepared(*stmt.prepared, types);
    if (!schema.ok()) {
      SendStatementError(schema.status(), stmt.prepared->sql);
      return schema.status();
    }
    if (*schema == nullptr) {
      w.Empty(backend::kNoData);
    } else {
      SendRowDescription(**schema, {});
    }
    return Status::OK();
  }
  if (kind != 'P')
    return r.Invalid(fmt::format("invalid Describe kind {}", static_cast<int>(kind)));
  auto it = portals_.find(std::string(name));
  if (it == portals_.end()) {
    auto cursor = cursors_.find(std::string(name));
    if (cursor != cursors_.end()) {  // a SQL cursor is a portal too
      SendRowDescription(*cursor->second.result->schema(), cursor->second.result_formats);
      return Status::OK();
    }
    std::string msg = fmt::format("portal \"{}\" does not exist", name);
    WriteErrorResponse(w, Severity::kError, "34000", msg);
    return Sent(Status::NotFound(msg));
  }
  Portal& portal = it->second;
  if (portal.cursor.has_value()) {
    auto open = cursors_.find(portal.cursor->name);
    if (portal.cursor->kind == CursorCommand::Kind::kFetch && open != cursors_.end()) {
      SendRowDescription(*open->second.result->schema(), portal.result_formats);
    } else {
      w.Empty(backend::kNoData);
    }
    return Status::OK();
  }
  if (!portal.prepared->returns_rows()) {
    w.Empty(backend::kNoData);
    return Status::OK();
  }
  if (portal.result == nullptr) {
    // Start the query now: its columns are known once it is planned.
    if (RefuseInFailedBlock(*portal.prepared)) return Status::Cancelled("failed block");
    BeginRunning();
    Result<std::unique_ptr<QueryResult>> result = RunStatement(*portal.prepared, portal.parameters);
    EndRunning();
    if (!result.ok()) {
      SendStatementError(result.status(), portal.prepared->sql);
      return result.status();
    }
    portal.result = std::move(*result);
  }
  SendRowDescription(*portal.result->schema(), portal.result_formats);
  return Status::OK();
}

Status PgConnection::HandleExecute(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(std::string_view name, r.CString());
  COPRA_ASSIGN_OR_RETURN(int32_t max_rows, r.Int32());
  COPRA_RETURN_NOT_OK(r.ExpectEnd());
  MessageWriter& w = socket_.writer();
  auto it = portals_.find(std::string(name));
  if (it == portals_.end()) {
    std::string msg = fmt::format("portal \"{}\" does not exist", name);
    WriteErrorResponse(w, Severity::kError, "34000", msg);
    return Sent(Status::NotFound(msg));
  }
  Portal& portal = it->second;
  if (portal.cursor.has_value()) {
    if (portal.finished) return Status::OK();
    portal.finished = true;
    if (RefuseInFailedBlock(PreparedStatement{})) return Status::Cancelled("failed block");
    return RunCursorCommand(*portal.cursor, portal.prepared.get(), portal.parameters,
                            &portal.result_formats, false);
  }
  if (portal.prepared->empty()) {
    w.Empty(backend::kEmptyQueryResponse);
    return Status::OK();
  }
  if (portal.finished) {
    // Running a finished portal again returns no more rows.
    if (portal.result != nullptr) SendCommandComplete(portal.result->command_tag());
    return Status::OK();
  }
  BeginRunning();
  if (portal.result == nullptr) {
    if (RefuseInFailedBlock(*portal.prepared)) {
      EndRunning();
      return Status::Cancelled("failed block");
    }
    Result<std::unique_ptr<QueryResult>> result = RunStatement(*portal.prepared, portal.parameters);
    if (!result.ok()) {
      EndRunning();
      SendStatementError(result.status(), portal.prepared->sql);
      return result.status();
    }
    portal.result = std::move(*result);
  }
  if (!portal.result->returns_rows()) {
    EndRunning();
    portal.finished = true;
    SendCommandComplete(portal.result->command_tag());
    return Status::OK();
  }
  bool suspended = false;
  Status st = SendRows(portal, max_rows, &suspended);
  EndRunning();
  if (!st.ok()) {
    CopraMetrics::Get().CountQueryError(ClientProtocol::kPgwire, st);
    if (socket_.failure() == WireSocket::Failure::kNone) {
      SendStatementError(st, portal.prepared->sql);
    }
    portal.result.reset();
    portal.pending = nullptr;
    portal.finished = true;
    return st;
  }
  if (suspended) {
    w.Empty(backend::kPortalSuspended);
  } else {
    SendCommandComplete(portal.result->command_tag());
  }
  return Status::OK();
}

Status PgConnection::HandleClose(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(uint8_t kind, r.Byte());
  COPRA_ASSIGN_OR_RETURN(std::string_view name, r.CString());
  COPRA_RETURN_NOT_OK(r.ExpectEnd());
  // Closing something that does not exist is not an error.
  if (kind == 'S') {
    statements_.erase(std::string(name));
  } else if (kind == 'P') {
    if (portals_.erase(std::string(name)) == 0) cursors_.erase(std::string(name));
  } else {
    return r.Invalid(fmt::format("invalid Close kind {}", static_cast<int>(kind)));
  }
  socket_.writer().Empty(backend::kCloseComplete);
  return Status::OK();
}

void PgConnection::HandleSync() {
  skip_until_sync_ = false;
  // Outside a transaction block, Sync ends the implicit transaction and with
  // it every portal (and its running query).
  if (txn_ == TransactionStatus::kIdle) portals_.clear();
  SendReadyForQuery();
}

}  // namespace copra::pgwire
