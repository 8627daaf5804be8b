// HttpServer: Copra's HTTP API on top of cpp-httplib.
//
// Endpoints:
//   GET /health          200 {"status":"ok","version":"0.1.0"}
//   GET|POST /v1/sql     SQL, GreptimeDB-compatible JSON or CSV (sql_endpoint.h)
//   GET /metrics         Prometheus metrics (metrics_endpoint.h); every request
//                        is measured (http_metrics.h), every connection
//                        counted and limited (http_connections.h)
//   POST /v1/scripts, /v1/run-script  coprocessor scripts (script_endpoints.h)
//   InfluxDB line-protocol writes (influx_write.h)
// /v1/sql and /v1/run-script run under the statement timeout
// (request_timeout.h).
// Errors of /health and unknown paths use one shape:
// {"error":{"code":"<ErrorCodeName>","message":"..."}}; /v1/sql uses
// GreptimeDB's {"code":N,"error":"..."}.
// To add an endpoint: a handler method (or a file beside this one for a group
// of endpoints) and one line in RegisterRoutes().
//
// Lifecycle, driven by Server: Bind() once, then Serve() on a thread of its
// own (blocks), and Shutdown() from any thread to make Serve() return.
// Handlers run on cpp-httplib's worker threads and must be thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "server/net_address.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace copra {

class Database;
class HttpConnections;
class RequestTimeout;
class SqlEndpoint;

class HttpServer {
 public:
  // `database` is borrowed and must outlive this server. Plain HTTP.
  explicit HttpServer(Database* database);
  // HTTPS with a PEM certificate chain and private key when both are given
  // (http.tls_cert, http.tls_key), else plain HTTP. Bad files fail here
  // with a message naming them.
  static Result<std::unique_ptr<HttpServer>> Make(Database* database,
                                                  const std::string& tls_cert_file,
                                                  const std::string& tls_key_file);
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Largest request body accepted (config: http.max_body_size); larger ones
  // get 413 Payload Too Large before the body is read. Call before Serve().
  void set_max_body_size(int64_t bytes);
  // Time limit of a query request's statements, 0 = none (config:
  // http.statement_timeout_ms; see request_timeout.h). Call before Serve().
  void set_statement_timeout_ms(int64_t ms);
  // A keep-alive connection idle this long between requests, or a client
  // that stalls this long while sending a request, is closed (config:
  // http.idle_timeout_ms; cpp-httplib counts whole seconds, so it is
  // rounded up to one). Call before Serve().
  void set_idle_timeout_ms(int64_t ms);
  // Connections open at once; a connection beyond it gets 503 for its
  // requests (config: http.max_connections; see http_connections.h).
  void set_max_connections(int64_t n);

  // Binds and listens on `address` (port 0 picks a free port). Fails with
  // "cannot listen on <addr>: <reason>", e.g. "address already in use".
  Status Bind(const NetAddress& address);

  // The bound address, with the real port. REQUIRES: Bind() succeeded.
  const NetAddress& address() const { return address_; }

  // Accepts and answers requests until Shutdown(). REQUIRES: Bind() succeeded.
  // Returns at once if Shutdown() came first.
  Status Serve();

  // Stops accepting, lets running requests finish and makes Serve() return.
  // Thread-safe and idempotent; waits until Serve() has returned.
  void Shutdown();

 private:
  HttpServer(Database* database, std::unique_ptr<httplib::Server> http);
  void RegisterRoutes();
  void HandleHealth(const httplib::Request& req, httplib::Response& res);

  Database* database_;
  std::unique_ptr<RequestTimeout> timeout_;
  std::unique_ptr<SqlEndpoint> sql_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<HttpConnections> connections_;
  NetAddress address_;

  enum class State { kIdle, kServing, kDone };
  std::mutex mutex_;
  std::condition_variable state_changed_;
  State state_ = State::kIdle;       // guarded by mutex_
  bool shutdown_requested_ = false;  // guarded by mutex_
  bool stop_issued_ = false;         // guarded by mutex_
};

}  // namespace copra
