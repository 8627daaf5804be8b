#include "server/pgwire/pg_connection.h"

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "catalog/pg_type.h"
#include "catalog/user_store.h"
#include "common/backend_registry.h"
#include "common/copra_metrics.h"
#include "common/logging.h"
#include "engine/database.h"
#include "engine/session.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/pg_server.h"
#include "server/pgwire/startup_packet.h"
#include "server/pgwire/value_encoder.h"
#include "server/tls_context.h"

namespace copra::pgwire {

namespace {

constexpr size_t kFlushThreshold = 256 * 1024;

enum CancelReason { kNoCancel = 0, kTimeout = 1, kHangUp = 2, kRequest = 3 };

int64_t SteadyNanos(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// libpq's `options`: "-c name=value" or "--name=value" words; "\ " escapes
// a space inside a value.
Status ParseStartupOptions(const std::string& text,
                           std::vector<std::pair<std::string, std::string>>* out) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      word.push_back(text[++i]);
    } else if (text[i] == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(text[i]);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  for (size_t i = 0; i < words.size(); ++i) {
    std::string setting;
    if (words[i] == "-c" && i + 1 < words.size()) {
      setting = words[++i];
    } else if (words[i].starts_with("--")) {
      setting = words[i].substr(2);
    } else if (words[i].starts_with("-c")) {
      setting = words[i].substr(2);
    }
    size_t eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "invalid command-line argument for server process: " + words[i]);
    }
    out->emplace_back(setting.substr(0, eq), setting.substr(eq + 1));
  }
  return Status::OK();
}

int TimeoutMs(int64_t ms) {
  return ms <= 0 ? -1 : static_cast<int>(std::min<int64_t>(ms, INT32_MAX));
}

}  // namespace

PgConnection::PgConnection(PgServer* server, int fd, int shutdown_event_fd)
    : server_(server), socket_(fd, shutdown_event_fd) {}

PgConnection::~PgConnection() {
  if (session_ != nullptr) BackendRegistry::Global().Remove(process_id_);
  if (registered_) server_->Unregister(process_id_);
  // Portals hold running results (operator trees); drop them before the
  // session they belong to.
  portals_.clear();
  cursors_.clear();
  statements_.clear();
  session_.reset();
}

void PgConnection::Cancel() {
  if (!running_.load()) return;
  cancel_reason_.store(kRequest);
  if (session_ != nullptr) session_->Cancel();
}

void PgConnection::CheckRunning(std::chrono::steady_clock::time_point now) {
  if (!running_.load()) return;
  int64_t deadline = deadline_ns_.load();
  if (deadline != 0 && SteadyNanos(now) >= deadline) {
    cancel_reason_.store(kTimeout);
    session_->Cancel();
  } else if (cancel_reason_.load() != kHangUp && socket_.PeerHungUp()) {
    cancel_reason_.store(kHangUp);
    session_->Cancel();
    COPRA_LOG(kInfo, fmt::format("pgwire: session {}: client closed the connection; canceling "
                                 "its statement",
                                 process_id_));
  }
}

void PgConnection::BeginRunning() {
  cancel_reason_.store(kNoCancel);
  // SET statement_timeout in the session overrides pg.statement_timeout_ms.
  int64_t timeout = session_->statement_timeout_ms() >= 0 ? session_->statement_timeout_ms()
                                                          : server_->options().statement_timeout_ms;
  deadline_ns_.store(timeout > 0 ? SteadyNanos(std::chrono::steady_clock::now()) + timeout * 1000000
                                 : 0);
  running_since_ = std::chrono::steady_clock::now();
  running_.store(true);
}

void PgConnection::EndRunning() {
  if (running_.exchange(false)) {
    CopraMetrics::Get().pgwire_query_seconds->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - running_since_).count());
  }
  deadline_ns_.store(0);
}

Status PgConnection::ExplainCancel(const Status& status) const {
  if (status.code() != ErrorCode::kQueryCanceled) return status;
  switch (cancel_reason_.load()) {
    case kTimeout:
      return Status::Error(ErrorCode::kQueryCanceled,
                           "canceling statement due to statement timeout");
    case kRequest:
      return Status::Error(ErrorCode::kQueryCanceled, "canceling statement due to user request");
    case kHangUp:
      return Status::Error(ErrorCode::kQueryCanceled,
                           "canceling statement because the client closed the connection");
    default: return status;
  }
}

void PgConnection::Run() {
  if (!Startup()) return;
  while (true) {
    int timeout = TimeoutMs(server_->options().idle_timeout_ms);
    Result<FrontendMessage> msg = socket_.ReadMessage(server_->options().max_message_size, timeout);
    if (!msg.ok()) {
      switch (socket_.failure()) {
        case WireSocket::Failure::kShutdown:
          SendFatal("57P01", "terminating connection due to administrator command");
          break;
        case WireSocket::Failure::kTimeout:
          SendFatal("57P05", "terminating connection due to idle-session timeout");
          break;
        case WireSocket::Failure::kProtocol:
          SendFatal(msg.status().sqlstate(), msg.status().message());
          break;
        default: break;  // the client is gone
      }
      return;
    }
    if (Dispatch(*msg) == Flow::kClose) return;
  }
}

bool PgConnection::Startup() {
  int timeout = TimeoutMs(server_->options().startup_timeout_ms);
  for (int attempt = 0; attempt < 3; ++attempt) {
    Result<std::string> body = socket_.ReadStartupPacket(timeout);
    if (!body.ok()) {
      if (socket_.failure() == WireSocket::Failure::kProtocol) {
        SendFatal("08P01", body.status().message());
      }
      return false;
    }
    Result<StartupPacket> packet = ParseStartupPacket(*body);
    if (!packet.ok()) {
      SendFatal(packet.status().sqlstate(), packet.status().message());
      return false;
    }
    switch (packet->kind) {
      case StartupPacket::Kind::kSslRequest:
        if (server_->tls() != nullptr && !socket_.tls()) {
          if (!socket_.SendRaw("S").ok()) return false;
          Status tls = socket_.StartTls(server_->tls()->native(), timeout);
          if (!tls.ok()) {
            COPRA_LOG(kDebug, "pgwire: " + tls.message());
            return false;  // nothing can be said to a client that failed TLS
          }
          continue;
        }
        [[fallthrough]];
      case StartupPacket::Kind::kGssEncRequest:
        // No TLS configured (or no GSSAPI encryption): the client may go on
        // in plain text.
        if (!socket_.SendRaw("N").ok()) return false;
        continue;
      case StartupPacket::Kind::kCancel:
        server_->CancelBackend(packet->process_id, packet->secret_key);
        return false;
      case StartupPacket::Kind::kStartup: break;
    }
    if (server_->options().tls_required && !socket_.tls()) {
      SendFatal("28000",
                "this server requires TLS (pg.tls_required): connect with sslmode=require");
      return false;
    }
    const auto& params = packet->params;
    auto param = [&](const char* name) {
      auto it = params.find(name);
      return it == params.end() ? std::string() : it->second;
    };
    std::string database = param("database");
    if (database.empty()) database = param("user");
    Database* db = server_->database();
    if (!db->users().empty() && !Authenticate(param("user"))) return false;
    if (!db->catalog().HasDatabase(database)) {
      SendFatal("3D000", fmt::format("database \"{}\" does not exist", database));
      return false;
    }
    if (!server_->Register(this, &process_id_, &secret_key_)) {
      SendFatal("53300", "sorry, too many clients already");
      return false;
    }
    registered_ = true;
    session_ = db->Connect(database);
    session_->set_protocol(ClientProtocol::kPgwire);
    if (!db->users().empty()) session_->set_authenticated_user(param("user"));
    session_->set_backend_pid(process_id_);
    // pg_cancel_backend(pid) from other sessions.
    BackendRegistry::Global().Add(process_id_, session_->user(), [this] { Cancel(); });
    // Other startup parameters (application_name, DateStyle, JDBC's
    // extra_float_digits, ...) and "-c name=value" in `options` (libpq's
    // PGOPTIONS) become session settings, as in PostgreSQL.
    std::vector<std::pair<std::string, std::string>> settings;
    for (const auto& [name, value] : params) {
      if (name != "user" && name != "database" && name != "options" && name != "replication") {
        settings.emplace_back(name, value);
      }
    }
    Status options = ParseStartupOptions(param("options"), &settings);
    for (const auto& [name, value] : settings) {
      if (!options.ok()) break;
      options = session_->SetSetting(name, value);
    }
    if (!options.ok()) {
      SendFatal(options.sqlstate(), options.message());
      return false;
    }
    std::string app = param("application_name");
    COPRA_LOG(kDebug, fmt::format("pgwire: session {} user {} database {}", process_id_,
                                  param("user"), database));
    SendStartupReply(app);
    return socket_.Flush().ok();
  }
  SendFatal("08P01", "too many encryption requests before the startup message");
  return false;
}

void PgConnection::SendStartupReply(const std::string& application_name) {
  MessageWriter& w = socket_.writer();
  w.Begin(backend::kAuthentication);
  w.Int32(0);  // AuthenticationOk (trust while no users exist, else after SCRAM)
  w.End();
  const std::pair<const char*, std::string> kParams[] = {
      {"server_version", fmt::format("15.0 (Copra {})", COPRA_VERSION)},
      {"server_encoding", "UTF8"},
      {"client_encoding", "UTF8"},
      {"DateStyle", "ISO, MDY"},
      {"IntervalStyle", "postgres"},
      {"TimeZone", "UTC"},
      {"integer_datetimes", "on"},
      {"standard_conforming_strings", "on"},
      {"is_superuser", "on"},
      {"session_authorization", session_->user()},
      {"application_name", application_name},
  };
  for (const auto& [name, value] : kParams) {
    w.Begin(backend::kParameterStatus);
    w.CString(name);
    w.CString(value);
    w.End();
  }
  w.Begin(backend::kBackendKeyData);
  w.Int32(process_id_);
  w.Int32(secret_key_);
  w.End();
  SendReadyForQuery();
}

PgConnection::Flow PgConnection::Dispatch(const FrontendMessage& msg) {
  Status st;
  switch (msg.type) {
    case frontend::kQuery: {
      MessageReader r(msg.body, "Query");
      Result<std::string_view> sql = r.CString();
      if (!sql.ok() || !r.ExpectEnd().ok()) {
        SendFatal("08P01",
                  sql.ok() ? "invalid Query message: trailing bytes" : sql.status().message());
        return Flow::kClose;
      }
      skip_until_sync_ = false;
      HandleQuery(*sql);
      SendReadyForQuery();
      return socket_.Flush().ok() ? Flow::kContinue : Flow::kClose;
    }
    case frontend::kSync:
      HandleSync();
      return socket_.Flush().ok() ? Flow::kContinue : Flow::kClose;
    case frontend::kFlush: return socket_.Flush().ok() ? Flow::kContinue : Flow::kClose;
    case frontend::kTerminate: return Flow::kClose;
    case frontend::kParse:
    case frontend::kBind:
    case frontend::kDescribe:
    case frontend::kExecute:
    case frontend::kClose: {
      if (skip_until_sync_) return Flow::kContinue;
      static const std::map<char, const char*> kNames = {{frontend::kParse, "Parse"},
                                                         {frontend::kBind, "Bind"},
                                                         {frontend::kDescribe, "Describe"},
                                                         {frontend::kExecute, "Execute"},
                                                         {frontend::kClose, "Close"}};
      MessageReader r(msg.body, kNames.at(msg.type));
      switch (msg.type) {
        case frontend::kParse: st = HandleParse(r); break;
        case frontend::kBind: st = HandleBind(r); break;
        case frontend::kDescribe: st = HandleDescribe(r); break;
        case frontend::kExecute: st = HandleExecute(r); break;
        default: st = HandleClose(r); break;
      }
      if (!st.ok()) {
        if (st.code() == ErrorCode::kProtocolViolation) {
          SendFatal("08P01", st.message());
          return Flow::kClose;
        }
        if (socket_.failure() != WireSocket::Failure::kNone) return Flow::kClose;
        skip_until_sync_ = true;
      }
      return socket_.failure() == WireSocket::Failure::kNone ? Flow::kContinue : Flow::kClose;
    }
    case frontend::kCopyData:
    case frontend::kCopyDone:
    case frontend::kCopyFail:
      // Stray COPY traffic (e.g. after a failed COPY) is ignored, as
      // PostgreSQL does outside COPY mode.
      return Flow::kContinue;
    default:
      SendFatal("08P01", fmt::format("invalid frontend message type {}",
                                     static_cast<int>(static_cast<unsigned char>(msg.type))));
      return Flow::kClose;
  }
}

Result<std::unique_ptr<QueryResult>> PgConnection::RunStatement(const PreparedStatement& prepared,
                                                                const std::vector<Value>& params) {
  const Statement* stmt = prepared.statement.get();
  bool is_transaction_control = stmt != nullptr && stmt->kind == StatementKind::kTransaction;
  Result<std::unique_ptr<QueryResult>> result = session_->ExecutePrepared(prepared, params);
  if (!result.ok()) return ExplainCancel(result.status());
  if (stmt != nullptr && !prepared.returns_rows() && !is_transaction_control &&
      txn_ == TransactionStatus::kInBlock) {
    ++writes_in_block_;
  }
  return result;
}

void PgConnection::SendCommandComplete(const std::string& tag) {
  MessageWriter& w = socket_.writer();
  if (tag == "BEGIN") {
    if (txn_ != TransactionStatus::kIdle) {
      WriteNotice(w, Severity::kWarning, "25001", "there is already a transaction in progress");
    } else {
      txn_ = TransactionStatus::kInBlock;
      writes_in_block_ = 0;
    }
  } else if (tag == "COMMIT" || tag == "ROLLBACK") {
    if (txn_ == TransactionStatus::kIdle) {
      WriteNotice(w, Severity::kWarning, "25P01", "there is no transaction in progress");
    } else if (tag == "ROLLBACK" && writes_in_block_ > 0) {
      WriteNotice(w, Severity::kWarning, "01000",
                  fmt::format("Copra applies each statement when it runs; ROLLBACK did not undo "
                              "the {} statement(s) that changed data in this block",
                              writes_in_block_));
    }
    std::string final_tag = txn_ == TransactionStatus::kFailedBlock ? "ROLLBACK" : tag;
    txn_ = TransactionStatus::kIdle;
    CloseBlockCursors();
    writes_in_block_ = 0;
    w.Begin(backend::kCommandComplete);
    w.CString(final_tag);
    w.End();
    return;
  }
  w.Begin(backend::kCommandComplete);
  w.CString(tag);
  w.End();
}

bool PgConnection::RefuseInFailedBlock(const PreparedStatement& prepared) {
  if (txn_ != TransactionStatus::kFailedBlock) return false;
  if (prepared.statement != nullptr && prepared.statement->kind == StatementKind::kTransaction) {
    return false;
  }
  WriteErrorResponse(socket_.writer(), Severity::kError, "25P02",
                     "current transaction is aborted, commands ignored until end of transaction "
                     "block");
  return true;
}

void PgConnection::SendStatementError(const Status& status, std::string_view sql) {
  WriteErrorResponse(socket_.writer(), ExplainCancel(status), sql);
  if (txn_ == TransactionStatus::kInBlock) txn_ = TransactionStatus::kFailedBlock;
}

void PgConnection::SendFatal(const char* sqlstate, const std::string& message) {
  WriteErrorResponse(socket_.writer(), Severity::kFatal, sqlstate, message);
  (void)socket_.Flush();
}

void PgConnection::SendReadyForQuery() {
  MessageWriter& w = socket_.writer();
  w.Begin(backend::kReadyForQuery);
  w.Byte(static_cast<char>(txn_));
  w.End();
}

Status PgConnection::MaybeFlush() {
  if (socket_.writer().size() < kFlushThreshold) return Status::OK();
  return socket_.Flush();
}

void PgConnection::SendRowDescription(const Schema& schema, const std::vector<int16_t>& formats) {
  MessageWriter& w = socket_.writer();
  w.Begin(backend::kRowDescription);
  w.Int16(static_cast<int16_t>(schema.num_fields()));
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const Field& field = schema.field(i);
    const PgType& type = PgTypeFor(field.type);
    w.CString(field.name);
    w.Int32(0);  // table OID
    w.Int16(0);  // column number
    w.Int32(static_cast<int32_t>(type.oid));
    w.Int16(type.length);
    w.Int32(PgTypeModifier(field.type));
    w.Int16(ResultFormat(formats, i));
  }
  w.End();
}

Status PgConnection::SendRows(Portal& portal, int64_t max_rows, bool* suspended) {
  int64_t sent = 0;
  return SendRows(portal, portal.result_formats, max_rows, false, suspended, &sent);
}

Status PgConnection::SendRows(Portal& portal, const std::vector<int16_t>& result_formats,
                              int64_t max_rows, bool discard, bool* suspended, int64_t* total) {
  *suspended = false;
  const Schema& schema = *portal.result->schema();
  std::vector<int16_t> formats(schema.num_fields());
  for (size_t i = 0; i < formats.size(); ++i) formats[i] = ResultFormat(result_formats, i);
  int64_t sent = 0;
  std::string& out = socket_.writer().buffer();
  while (true) {
    if (portal.pending == nullptr || portal.pending_row >= portal.pending->num_rows()) {
      portal.pending = nullptr;
      portal.pending_row = 0;
      if (max_rows > 0 && sent >= max_rows) {
        // Peek: are there more rows? Only then is the portal suspended.
        COPRA_ASSIGN_OR_RETURN(portal.pending, portal.result->Next());
        if (portal.pending != nullptr) *suspended = true;
        break;
      }
      COPRA_ASSIGN_OR_RETURN(portal.pending, portal.result->Next());
      if (portal.pending == nullptr) break;
    }
    const Batch& batch = *portal.pending;
    while (portal.pending_row < batch.num_rows() && (max_rows <= 0 || sent < max_rows)) {
      if (!discard) AppendDataRow(batch, portal.pending_row, formats, &out);
      ++portal.pending_row;
      ++sent;
    }

    COPRA_RETURN_NOT_OK(MaybeFlush());
    if (max_rows > 0 && sent >= max_rows && portal.pending_row < batch.num_rows()) {
      *suspended = true;
      break;
    }
  }
  if (!*suspended) portal.finished = true;
  *total += sent;
  return Status::OK();
}

}  // namespace copra::pgwire
