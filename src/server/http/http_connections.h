// HttpConnections: the task queue cpp-httplib hands every accepted
// connection to. It runs them on cpp-httplib's own fixed pool of worker
// threads (so at most that many requests are served at once; later
// connections wait for a free worker) and counts them in the metrics:
//   copra_http_connections        gauge    connections open now (accepted,
//                                          waiting or being served, until
//                                          closed; keep-alive connections
//                                          stay open between requests)
//   copra_http_connections_total  counter  connections accepted since startup
//
// Install() sets the server's new_task_queue; cpp-httplib creates one queue
// per listen and calls enqueue() from its accept thread, shutdown() when it
// stops. Thread-safe.
#pragma once

#include <cstddef>

namespace httplib {
class Server;
}  // namespace httplib

namespace copra {

class HttpConnections {
 public:
  // Makes `server` run its connections through a counting queue with
  // `threads` workers (0: cpp-httplib's default). Call before serving.
  static void Install(httplib::Server* server, size_t threads = 0);
};

}  // namespace copra
