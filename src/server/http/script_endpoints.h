// Coprocessor script endpoints (GreptimeDB-compatible):
//
//   POST /v1/scripts?db=D&name=N          body: the Python script
//        compiles it, then stores it as N in database D (replacing a script
//        of that name): 200 {"code":0,"execution_time_ms":N}; a script that
//        does not compile is a 400 with the error and its script line.
//   POST /v1/run-script?db=D&name=N[&k=v...]
//        runs the stored script; the other parameters reach the function's
//        **kwargs as strings. The answer has the shape of /v1/sql's JSON
//        (sql_output.h): {"code":0,"output":[{"records":...}],...}.
//
// `db` defaults to "public". Authentication as for /v1/sql (http_auth.h);
// run-script under the HTTP statement timeout (request_timeout.h).
// Each request has its own Session; thread-safe. Borrows the Database and
// the RequestTimeout.
#pragma once

namespace httplib {
class Server;
}  // namespace httplib

namespace copra {

class Database;
class RequestTimeout;

void RegisterScriptRoutes(httplib::Server* server, Database* database, RequestTimeout* timeout);

}  // namespace copra
