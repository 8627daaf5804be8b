// PgConnection: one PostgreSQL client, from its startup packet to Terminate
// or a broken socket. Runs on a thread of its own (PgServer starts one per
// accepted socket) and owns the engine Session, the prepared statements and
// the portals of that client.
//
// Protocol state machine:
//   startup    SSLRequest/GSSENCRequest → 'N'; CancelRequest → PgServer;
//              StartupMessage → [SCRAM-SHA-256 exchange when users exist]
//              AuthenticationOk, ParameterStatus…, BackendKeyData,
//              ReadyForQuery
//   ready      Query (simple protocol: several statements, EmptyQueryResponse)
//              Parse/Bind/Describe/Execute/Close/Flush/Sync (extended);
//              after an error in the extended protocol, messages are skipped
//              until Sync; Terminate ends the connection
// Transaction status: BEGIN enters 'T', COMMIT/ROLLBACK return to 'I'; an
// error inside a block gives 'E', where only COMMIT/ROLLBACK are accepted.
// Copra applies each statement when it runs (no multi-statement rollback).
// A malformed message is answered with a FATAL error and closes only this
// connection.
//
// Thread safety: Run() on the connection's thread; CheckRunning() and
// Cancel() from any thread (PgServer's watchdog and cancel requests).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/pgwire/message_reader.h"
#include "server/pgwire/pg_protocol.h"
#include "server/pgwire/portal.h"
#include "server/pgwire/wire_socket.h"

namespace copra {
class Session;
}

namespace copra::pgwire {

class PgServer;

class PgConnection {
 public:
  // Takes ownership of `fd`. `server` must outlive the connection.
  PgConnection(PgServer* server, int fd, int shutdown_event_fd);
  ~PgConnection();

  // Serves the client until it leaves, the socket breaks, a protocol
  // violation, or server shutdown.
  void Run();

  // Called by the watchdog: cancels the running statement when its
  // statement timeout has passed or the client has hung up.
  void CheckRunning(std::chrono::steady_clock::time_point now);
  // Cancels the running statement (CancelRequest, shutdown).
  void Cancel();

  int32_t process_id() const { return process_id_; }
  int32_t secret_key() const { return secret_key_; }

 private:
  enum class Flow { kContinue, kClose };

  // Startup phase; false when the connection should close.
  bool Startup();
  // SCRAM-SHA-256 for `user` (auth.cpp); false (after a FATAL) on failure.
  bool Authenticate(const std::string& user);
  void SendStartupReply(const std::string& application_name);
  // One message of the ready phase.
  Flow Dispatch(const FrontendMessage& msg);

  // simple_query.cpp
  void HandleQuery(std::string_view body);
  // Runs one statement of a simple query and sends its results; false
  // after an error (sent).
  bool RunSimpleStatement(const PreparedStatement& prepared, std::string_view sql);

  // extended_query.cpp
  Status HandleParse(MessageReader& r);
  Status HandleBind(MessageReader& r);
  Status HandleDescribe(MessageReader& r);
  Status HandleExecute(MessageReader& r);
  Status HandleClose(MessageReader& r);
  void HandleSync();

  // In a failed block everything but COMMIT/ROLLBACK is refused: sends the
  // 25P02 error and returns true.
  bool RefuseInFailedBlock(const PreparedStatement& prepared);
  // cursor_execution.cpp: runs a DECLARE/FETCH/MOVE/CLOSE. `declared` is
  // DECLARE's prepared query; `formats` the result formats FETCH sends rows
  // in (nullptr: the cursor's own); `describe` sends FETCH's RowDescription
  // first (simple protocol).
  Status RunCursorCommand(const CursorCommand& cmd, const PreparedStatement* declared,
                          const std::vector<Value>& params, const std::vector<int16_t>* formats,
                          bool describe);
  // The open cursor `name`, or nullptr after sending 34000.
  Portal* FindCursor(const std::string& name);
  // Closes cursors without WITH HOLD (end of a transaction block).
  void CloseBlockCursors();
  // Simple query containing cursor commands: runs statement by statement.
  void HandleQueryPieces(std::string_view sql);

  // Runs `prepared` with `params` (counting writes inside a block).
  Result<std::unique_ptr<QueryResult>> RunStatement(const PreparedStatement& prepared,
                                                    const std::vector<Value>& params);
  // Sends RowDescription for `schema` with `formats`.
  void SendRowDescription(const Schema& schema, const std::vector<int16_t>& formats);
  // Streams up to `max_rows` rows (0 = all) of the portal's result. Sets
  // *suspended when rows remain.
  Status SendRows(Portal& portal, int64_t max_rows, bool* suspended);
  // Same with explicit formats; adds the rows sent to *sent. `discard`
  // skips rows without sending them (MOVE).
  Status SendRows(Portal& portal, const std::vector<int16_t>& formats, int64_t max_rows,
                  bool discard, bool* suspended, int64_t* sent);
  // CommandComplete plus the transaction bookkeeping for `tag`.
  void SendCommandComplete(const std::string& tag);
  // ErrorResponse for a failed statement; marks a block failed.
  void SendStatementError(const Status& status, std::string_view sql);
  // FATAL error, flushed; the caller then closes.
  void SendFatal(const char* sqlstate, const std::string& message);
  void SendReadyForQuery();
  // Flushes when the output buffer is large (while streaming rows).
  Status MaybeFlush();

  // Marks the start/end of running a statement (for the watchdog).
  void BeginRunning();
  void EndRunning();
  // Rewrites a cancellation error to say why (timeout, hang-up, shutdown).
  Status ExplainCancel(const Status& status) const;

  PgServer* server_;
  WireSocket socket_;
  std::unique_ptr<Session> session_;
  int32_t process_id_ = 0;
  int32_t secret_key_ = 0;
  bool registered_ = false;

  std::map<std::string, PgStatement> statements_;
  std::map<std::string, Portal> portals_;
  std::map<std::string, Portal> cursors_;  // SQL cursors (DECLARE), by name
  TransactionStatus txn_ = TransactionStatus::kIdle;
  int writes_in_block_ = 0;       // statements other than queries run in the block
  bool skip_until_sync_ = false;  // an extended-protocol message failed

  // Watchdog state.
  std::atomic<bool> running_{false};
  // When the running statement started (connection thread only; for
  // copra_pgwire_query_duration_seconds).
  std::chrono::steady_clock::time_point running_since_;
  std::atomic<int64_t> deadline_ns_{0};  // steady_clock; 0 = none
  std::atomic<int> cancel_reason_{0};    // 0 none, 1 timeout, 2 hang-up, 3 request
};

}  // namespace copra::pgwire
