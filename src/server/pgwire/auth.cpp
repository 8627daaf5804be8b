// PgConnection: SCRAM-SHA-256 authentication (PostgreSQL's SASL exchange:
// AuthenticationSASL, SASLInitialResponse, AuthenticationSASLContinue,
// SASLResponse, AuthenticationSASLFinal).
#include <fmt/format.h>

#include "catalog/user_store.h"
#include "common/scram.h"
#include "engine/database.h"
#include "server/pgwire/pg_connection.h"
#include "server/pgwire/pg_server.h"

namespace copra::pgwire {

namespace {

constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;
constexpr int64_t kMaxAuthMessage = 10000;

}  // namespace

bool PgConnection::Authenticate(const std::string& user) {
  std::string failed = fmt::format("password authentication failed for user \"{}\"", user);
  std::optional<ScramVerifier> verifier = server_->database()->users().Find(user);
  // An unknown user goes through the same exchange with a verifier no
  // password matches, so the answer does not reveal which users exist.
  ScramServer scram(verifier.has_value() ? *verifier : MakeScramVerifier("-"));
  int timeout = server_->options().startup_timeout_ms > 0
                    ? static_cast<int>(server_->options().startup_timeout_ms)
                    : -1;
  MessageWriter& w = socket_.writer();
  w.Begin(backend::kAuthentication);
  w.Int32(kAuthSasl);
  w.CString("SCRAM-SHA-256");
  w.Byte('\0');
  w.End();
  if (!socket_.Flush().ok()) return false;

  auto read_password_message = [&]() -> Result<std::string> {
    COPRA_ASSIGN_OR_RETURN(FrontendMessage msg, socket_.ReadMessage(kMaxAuthMessage, timeout));
    if (msg.type != frontend::kPassword) {
      return Status::Error(ErrorCode::kProtocolViolation,
                           "expected a SASL response message during authentication");
    }
    return std::move(msg.body);
  };
  Result<std::string> first = read_password_message();
  if (!first.ok()) {
    if (socket_.failure() == WireSocket::Failure::kNone ||
        socket_.failure() == WireSocket::Failure::kProtocol) {
      SendFatal("08P01", first.status().message());
    }
    return false;
  }
  MessageReader r(*first, "SASLInitialResponse");
  Result<std::string_view> mechanism = r.CString();
  Result<int32_t> length = mechanism.ok() ? r.Int32() : Result<int32_t>(mechanism.status());
  Result<std::string_view> data =
      length.ok() ? r.Bytes(*length) : Result<std::string_view>(length.status());
  if (!data.ok()) {
    SendFatal("08P01", data.status().message());
    return false;
  }
  if (*mechanism != "SCRAM-SHA-256") {
    SendFatal("28000", fmt::format("unsupported SASL mechanism \"{}\"", *mechanism));
    return false;
  }
  Result<std::string> server_first = scram.ClientFirst(*data);
  if (!server_first.ok()) {
    SendFatal("08P01", server_first.status().message());
    return false;
  }
  w.Begin(backend::kAuthentication);
  w.Int32(kAuthSaslContinue);
  w.Bytes(*server_first);
  w.End();
  if (!socket_.Flush().ok()) return false;

  Result<std::string> final_message = read_password_message();
  if (!final_message.ok()) {
    if (socket_.failure() == WireSocket::Failure::kNone ||
        socket_.failure() == WireSocket::Failure::kProtocol) {
      SendFatal("08P01", final_message.status().message());
    }
    return false;
  }
  Result<std::string> server_final = scram.ClientFinal(*final_message);
  if (!server_final.ok() || !verifier.has_value()) {
    SendFatal("28P01", failed);
    return false;
  }
  w.Begin(backend::kAuthentication);
  w.Int32(kAuthSaslFinal);
  w.Bytes(*server_final);
  w.End();
  return true;
}

}  // namespace copra::pgwire
