// SqlEndpoint: GET and POST /v1/sql, GreptimeDB's SQL-over-HTTP API.
//
//   POST /v1/sql?db=public&format=json       body: sql=<urlencoded SQL> (form)
//                                             or the SQL itself (any other type)
//   GET  /v1/sql?sql=SELECT+1&db=public
// `db` defaults to "public"; an unknown database is 400 with code 4004.
// `format`: json (default; see sql_output.h), csv (rows only),
// csvWithNames (a header line per result), arrow (an Arrow IPC stream of
// the one row-returning statement; vector/arrow_ipc_writer.h). Several statements separated
// by ';' give one output each, in order; the first error answers the whole
// request with {"code":N,"error":"..."} and a 4xx/5xx status (statements
// before it have run).
//
// A request's statements run under the HTTP statement timeout
// (request_timeout.h).
//
// Handlers run on cpp-httplib's worker threads; each request gets its own
// Session, so the endpoint is thread-safe. Borrows the Database and the
// RequestTimeout.
#pragma once

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace copra {

class Database;
class RequestTimeout;

class SqlEndpoint {
 public:
  SqlEndpoint(Database* database, RequestTimeout* timeout)
      : database_(database), timeout_(timeout) {}
  void Handle(const httplib::Request& req, httplib::Response& res) const;

 private:
  Database* database_;
  RequestTimeout* timeout_;
};

}  // namespace copra
