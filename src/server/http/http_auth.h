// HTTP authentication against Copra's users (the same SCRAM verifiers as the
// PostgreSQL wire protocol). While no user exists every request is allowed
// (the server then only listens on loopback). Once users exist, a request
// must carry one of:
//   Authorization: Basic base64(user:password)
//   Authorization: Bearer base64(user:password)   (or Bearer user:password)
//   Authorization: Token user:password            (InfluxDB v2 clients)
//   x-greptime-auth: Basic base64(user:password)  (GreptimeDB's header)
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace copra {

class Database;
class Session;

// OK when the request may proceed; otherwise kInsufficientPrivilege with a
// message for the client. `user` (optional) receives the authenticated
// user, "" while no user exists.
Status CheckHttpAuthorization(Database* database, const httplib::Request& req,
                              std::string* user = nullptr);

// A session on database `db` for a request authenticated as `user` (from
// CheckHttpAuthorization): its privileges are checked unless `user` is "".
std::unique_ptr<Session> ConnectHttpSession(Database* database, const std::string& db,
                                            const std::string& user);

// Sets a 401 answer with a WWW-Authenticate challenge and `body` (JSON).
void SetUnauthorized(httplib::Response& res, const std::string& body);

}  // namespace copra
