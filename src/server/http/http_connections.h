// HttpConnections: the task queue cpp-httplib hands every accepted
// connection to. It counts connections, enforces `http.max_connections` and
// counts them in the metrics:
//   copra_http_connections        gauge    connections open now (accepted,
//                                          waiting or being served, until
//                                          closed; keep-alive connections
//                                          stay open between requests)
//   copra_http_connections_total  counter  connections accepted since startup
//
// Connections within the limit run on cpp-httplib's own fixed pool of
// worker threads (so at most that many requests are served at once; later
// connections wait for a free worker). A connection accepted while the limit
// is already reached is served by a small separate pool that answers each of
// its requests with 503, the /v1/sql error body (GreptimeDB's code 6000,
// RuntimeResourcesExhausted: "too many connections") and
// `Connection: close`, through RefuseIfOverLimit(),
// which the server's pre-routing hook calls; it never waits behind the
// connections being served.
//
// The constructor sets the server's new_task_queue; cpp-httplib creates one
// queue per listen and calls enqueue() from its accept thread, shutdown()
// when it stops. The limit may be changed while serving; it applies to
// connections accepted afterwards. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace copra {

class HttpConnections {
 public:
  static constexpr int64_t kDefaultMaxConnections = 256;

  // Makes `server` run its connections through a counting queue with
  // `threads` workers (0: cpp-httplib's default). Call before serving.
  explicit HttpConnections(httplib::Server* server, size_t threads = 0);

  void set_max_connections(int64_t n) { state_->max_connections.store(n); }
  // Connections of this server open now.
  int64_t open() const { return state_->open.load(); }

  // For the pre-routing hook: when the connection the calling thread serves
  // was accepted beyond the limit, writes the 503 answer and returns true.
  static bool RefuseIfOverLimit(const httplib::Request& req, httplib::Response& res);

  struct State {
    std::atomic<int64_t> max_connections{kDefaultMaxConnections};
    std::atomic<int64_t> open{0};
  };

 private:
  std::shared_ptr<State> state_;
};

}  // namespace copra
