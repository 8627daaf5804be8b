#include "server/http/http_metrics.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>

#include "common/metrics.h"

namespace copra {

namespace {

// Every path a route serves, then "other".
constexpr const char* kEndpoints[] = {
    "/health",
    "/metrics",
    "/v1/sql",
    "/v1/influxdb/write",
    "/v1/influxdb/api/v2/write",
    "/api/v2/write",
    "/v1/influxdb/ping",
    "/ping",
    "/v1/scripts",
    "/v1/run-script",
    "other",
};
constexpr size_t kEndpointCount = sizeof(kEndpoints) / sizeof(kEndpoints[0]);
constexpr const char* kStatusClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr size_t kStatusClassCount = 5;

size_t EndpointIndex(std::string_view path) {
  for (size_t i = 0; i + 1 < kEndpointCount; ++i) {
    if (path == kEndpoints[i]) return i;
  }
  return kEndpointCount - 1;
}

// Series made on first use: a lock-free load afterwards.
std::atomic<Histogram*> g_latency[kEndpointCount][kStatusClassCount];
std::atomic<Counter*> g_received[kEndpointCount];
std::atomic<Counter*> g_sent[kEndpointCount];

Histogram* Latency(size_t endpoint, size_t status_class) {
  std::atomic<Histogram*>& slot = g_latency[endpoint][status_class];
  Histogram* h = slot.load(std::memory_order_acquire);
  if (h == nullptr) {
    // Registration is idempotent, so two threads racing here get one series.
    h = MetricsRegistry::Global().AddHistogram(
        "copra_http_request_duration_seconds",
        "Time to answer an HTTP request (from routing to the end of the response), in seconds, "
        "by endpoint and status class",
        Histogram::LatencyBuckets(),
        {{"endpoint", kEndpoints[endpoint]}, {"status", kStatusClasses[status_class]}});
    slot.store(h, std::memory_order_release);
  }
  return h;
}

Counter* Received(size_t endpoint) {
  std::atomic<Counter*>& slot = g_received[endpoint];
  Counter* c = slot.load(std::memory_order_acquire);
  if (c == nullptr) {
    c = MetricsRegistry::Global().AddCounter(
        "copra_http_received_bytes_total",
        "HTTP request body bytes received, by endpoint (the InfluxDB write endpoints' series "
        "count the line protocol received)",
        {{"endpoint", kEndpoints[endpoint]}});
    slot.store(c, std::memory_order_release);
  }
  return c;
}

Counter* Sent(size_t endpoint) {
  std::atomic<Counter*>& slot = g_sent[endpoint];
  Counter* c = slot.load(std::memory_order_acquire);
  if (c == nullptr) {
    c = MetricsRegistry::Global().AddCounter("copra_http_sent_bytes_total",
                                             "HTTP response body bytes sent, by endpoint",
                                             {{"endpoint", kEndpoints[endpoint]}});
    slot.store(c, std::memory_order_release);
  }
  return c;
}

// Start of the request this worker thread is routing; cpp-httplib handles
// one request at a time per thread, from routing to logging.
thread_local bool t_started = false;
thread_local std::chrono::steady_clock::time_point t_start;

}  // namespace

const char* HttpMetrics::EndpointOf(std::string_view path) {
  return kEndpoints[EndpointIndex(path)];
}

void HttpMetrics::Install(httplib::Server* server, Logger log, PreRoute pre_route) {
  server->set_pre_routing_handler(
      [pre_route = std::move(pre_route)](const httplib::Request& req, httplib::Response& res) {
        t_started = true;
        t_start = std::chrono::steady_clock::now();
        if (pre_route && pre_route(req, res)) return httplib::Server::HandlerResponse::Handled;
        return httplib::Server::HandlerResponse::Unhandled;
      });
  server->set_logger(
      [log = std::move(log)](const httplib::Request& req, const httplib::Response& res) {
        // Requests that failed before routing (unparsable ones) have no start.
        if (t_started) {
          t_started = false;
          double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
          size_t endpoint = EndpointIndex(req.path);
          int status_class = res.status / 100;
          if (status_class >= 1 && status_class <= 5) {
            Latency(endpoint, static_cast<size_t>(status_class - 1))->Observe(seconds);
          }
          if (!req.body.empty()) Received(endpoint)->Increment(req.body.size());
          if (!res.body.empty()) Sent(endpoint)->Increment(res.body.size());
        }
        if (log) log(req, res);
      });
}

}  // namespace copra
