// PgConnection: SQL cursors (DECLARE, FETCH, MOVE, CLOSE). A cursor is a
// named Portal in cursors_, started at DECLARE and read forward by FETCH.
#include <fmt/format.h>

#include "common/copra_metrics.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/pg_connection.h"

namespace copra::pgwire {

Portal* PgConnection::FindCursor(const std::string& name) {
  auto it = cursors_.find(name);
  if (it != cursors_.end()) return &it->second;
  WriteErrorResponse(socket_.writer(), Severity::kError, "34000",
                     fmt::format("cursor \"{}\" does not exist", name));
  if (txn_ == TransactionStatus::kInBlock) txn_ = TransactionStatus::kFailedBlock;
  return nullptr;
}

void PgConnection::CloseBlockCursors() {
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    it = it->second.with_hold ? std::next(it) : cursors_.erase(it);
  }
}

Status PgConnection::RunCursorCommand(const CursorCommand& cmd, const PreparedStatement* declared,
                                      const std::vector<Value>& params,
                                      const std::vector<int16_t>* formats, bool describe) {
  const Status kSent = Status::Cancelled("error sent");
  switch (cmd.kind) {
    case CursorCommand::Kind::kDeclare: {
      if (cursors_.count(cmd.name) != 0) {
        WriteErrorResponse(socket_.writer(), Severity::kError, "42P03",
                           fmt::format("cursor \"{}\" already exists", cmd.name));
        if (txn_ == TransactionStatus::kInBlock) txn_ = TransactionStatus::kFailedBlock;
        return kSent;
      }
      if (declared == nullptr || !declared->returns_rows()) {
        SendStatementError(
            Status::SyntaxError("DECLARE CURSOR needs a query that returns rows", SourcePosition{}),
            "");
        return kSent;
      }
      BeginRunning();
      Result<std::unique_ptr<QueryResult>> result = RunStatement(*declared, params);
      EndRunning();
      if (!result.ok()) {
        SendStatementError(result.status(), declared->sql);
        return kSent;
      }
      Portal cursor;
      cursor.result = std::move(*result);
      cursor.with_hold = cmd.with_hold;
      if (cmd.binary) cursor.result_formats = {kBinaryFormat};
      cursors_[cmd.name] = std::move(cursor);
      SendCommandComplete("DECLARE CURSOR");
      return Status::OK();
    }
    case CursorCommand::Kind::kFetch:
    case CursorCommand::Kind::kMove: {
      Portal* cursor = FindCursor(cmd.name);
      if (cursor == nullptr) return kSent;
      bool fetch = cmd.kind == CursorCommand::Kind::kFetch;
      const std::vector<int16_t>& out_formats =
          formats != nullptr ? *formats : cursor->result_formats;
      if (fetch && describe) SendRowDescription(*cursor->result->schema(), out_formats);
      int64_t sent = 0;
      if (!cursor->finished) {
        bool suspended = false;
        int64_t limit = cmd.all ? 0 : cmd.count;
        BeginRunning();
        Status st = limit == 0 && !cmd.all
                        ? Status::OK()
                        : SendRows(*cursor, out_formats, limit, !fetch, &suspended, &sent);
        EndRunning();
        if (!st.ok()) {
          CopraMetrics::Get().CountQueryError(ClientProtocol::kPgwire, st);
          if (socket_.failure() == WireSocket::Failure::kNone) SendStatementError(st, "");
          cursor->finished = true;
          cursor->pending = nullptr;
          return kSent;
        }
      }
      SendCommandComplete(fmt::format("{} {}", fetch ? "FETCH" : "MOVE", sent));
      return Status::OK();
    }
    case CursorCommand::Kind::kDeallocate: {
      if (cmd.all) {
        // The unnamed statement is not a SQL prepared statement.
        for (auto it = statements_.begin(); it != statements_.end();) {
          it = it->first.empty() ? std::next(it) : statements_.erase(it);
        }
      } else if (cmd.name.empty() || statements_.erase(cmd.name) == 0) {
        WriteErrorResponse(socket_.writer(), Severity::kError, "26000",
                           fmt::format("prepared statement \"{}\" does not exist", cmd.name));
        if (txn_ == TransactionStatus::kInBlock) txn_ = TransactionStatus::kFailedBlock;
        return kSent;
      }
      // psycopg forgets its statements when it sees exactly this tag.
      SendCommandComplete(cmd.all ? "DEALLOCATE ALL" : "DEALLOCATE");
      return Status::OK();
    }
    case CursorCommand::Kind::kClose: {
      if (cmd.all) {
        cursors_.clear();
      } else {
        if (FindCursor(cmd.name) == nullptr) return kSent;
        cursors_.erase(cmd.name);
      }
      SendCommandComplete("CLOSE CURSOR");
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace copra::pgwire
