// HttpMetrics: per-endpoint metrics of the HTTP server, in the global
// MetricsRegistry:
//   copra_http_request_duration_seconds{endpoint,status}  histogram, from
//       the start of routing (before the body is read) to the end of writing
//       the response; status is the class ("2xx", "4xx", ...)
//   copra_http_received_bytes_total{endpoint}  request body bytes
//   copra_http_sent_bytes_total{endpoint}      response body bytes
// `endpoint` is the route's path ("/v1/sql", "/v1/influxdb/write", ...) or
// "other" for paths no route serves, so unknown URLs cannot create series.
// A new route adds its path to kEndpoints in http_metrics.cpp.
//
// Install() hooks a cpp-httplib server: a pre-routing handler notes the
// start time (per worker thread) and the logger, which cpp-httplib calls
// after the response is written, observes the request. It replaces the
// server's logger and pre-routing handler; `log` (may be empty) is still
// called for every request, and `pre_route` (may be empty) before routing:
// when it returns true it has written the response and the request is not
// routed.
//
// Thread-safe: series are created on their first request (under the
// registry's mutex, once) and then found through lock-free atomics.
#pragma once

#include <functional>
#include <string_view>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace copra {

class HttpMetrics {
 public:
  using Logger = std::function<void(const httplib::Request&, const httplib::Response&)>;
  using PreRoute = std::function<bool(const httplib::Request&, httplib::Response&)>;

  // Hooks `server` (before it serves). The series are process-wide, so
  // several servers may be hooked; they share them.
  static void Install(httplib::Server* server, Logger log, PreRoute pre_route = {});

  // The endpoint label for a request path ("other" when no route serves it).
  static const char* EndpointOf(std::string_view path);
};

}  // namespace copra
