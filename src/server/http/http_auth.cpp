#include "server/http/http_auth.h"

#include <httplib.h>

#include "catalog/user_store.h"
#include "common/scram.h"
#include "engine/database.h"
#include "engine/session.h"

namespace copra {

namespace {

Status Denied(const std::string& message) {
  return Status::Error(ErrorCode::kInsufficientPrivilege, message);
}

}  // namespace

Status CheckHttpAuthorization(Database* database, const httplib::Request& req,
                              std::string* authenticated) {
  if (authenticated != nullptr) authenticated->clear();
  if (database->users().empty()) return Status::OK();
  std::string header = req.get_header_value("Authorization");
  if (header.empty()) header = req.get_header_value("x-greptime-auth");
  if (header.empty()) {
    return Denied("authentication required: send Authorization: Basic <base64(user:password)>");
  }
  const size_t space = header.find(' ');
  const std::string scheme = header.substr(0, space);
  const std::string_view credentials =
      space == std::string::npos ? std::string_view() : std::string_view(header).substr(space + 1);
  std::string user_password;
  if (scheme == "Basic" || scheme == "Bearer") {
    Result<std::string> decoded = Base64Decode(credentials);
    if (decoded.ok() && decoded->find(':') != std::string::npos) {
      user_password = *decoded;
    } else if (scheme == "Bearer") {
      user_password = std::string(credentials);
    }
  } else if (scheme == "Token") {
    user_password = std::string(credentials);
  }
  const size_t colon = user_password.find(':');
  if (colon == std::string::npos) {
    return Denied(
        "invalid Authorization header: expected Basic <base64(user:password)>, Bearer or Token");
  }
  const std::string user = user_password.substr(0, colon);
  std::optional<ScramVerifier> verifier = database->users().Find(user);
  if (!verifier.has_value() || !CheckScramPassword(*verifier, user_password.substr(colon + 1))) {
    return Denied("password authentication failed for user \"" + user + "\"");
  }
  if (authenticated != nullptr) *authenticated = user;
  return Status::OK();
}

std::unique_ptr<Session> ConnectHttpSession(Database* database, const std::string& db,
                                            const std::string& user) {
  std::unique_ptr<Session> session = database->Connect(db);
  session->set_protocol(ClientProtocol::kHttp);
  if (!user.empty()) session->set_authenticated_user(user);
  return session;
}

void SetUnauthorized(httplib::Response& res, const std::string& body) {
  res.status = 401;
  res.set_header("WWW-Authenticate", "Basic realm=\"copra\"");
  res.set_content(body, "application/json");
}

}  // namespace copra
