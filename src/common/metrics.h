// Metrics: counters, gauges and histograms, rendered in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
// A metric family (one name, one help text, one type) has one child per
// label set; each child is created once, at registration, and lives as long
// as its registry (pointers to it stay valid). Code keeps the pointer it got
// at registration and updates it on the hot path with relaxed atomics: no
// lock, no allocation, no string work per update.
//
//   static Counter* rows = MetricsRegistry::Global().AddCounter(
//       "copra_rows_written_total", "Rows written", {{"source", "insert"}});
//   rows->Increment(n);
//
// MetricsRegistry::Global() is the process's registry (a server process has
// one set of metrics); tests may build registries of their own.
//
// Thread-safety: Counter, Gauge and Histogram updates and reads are
// lock-free and safe from any thread. Registration and rendering take the
// registry's mutex and are safe from any thread too. A rendering is not an
// atomic snapshot of all metrics, but each histogram is rendered
// consistently (its +Inf bucket equals its _count).
//
// Registration errors (a bad name, the same name with another type, help
// text or label names) are bugs and abort (COPRA_CHECK).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace copra {

// Label name/value pairs of one child, in the order they are rendered.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count (rendered as an integer).
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (connections open, ...).
class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void Subtract(int64_t n) { value_.fetch_sub(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Observations counted into buckets by upper bound (a value v falls into
// the first bucket with v <= bound; above all bounds is the implicit +Inf
// bucket), plus their sum and count.
class Histogram {
 public:
  // `upper_bounds`: finite and strictly increasing (checked).
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf; non-decreasing
    double sum = 0;
    uint64_t count = 0;  // == cumulative.back()
  };
  Snapshot Read() const;
  const std::vector<double>& upper_bounds() const { return upper_bounds_; }

  // Bounds for durations in seconds: 0.5 ms .. 60 s.
  static std::vector<double> LatencyBuckets();

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // upper_bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Measures a scope's wall time into a histogram, in seconds.
class ScopedTimer {
 public:
  explicit ScopedTimer(Histogram* histogram)
      : histogram_(histogram), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    histogram_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  Histogram* histogram_;
  std::chrono::steady_clock::time_point start_;
};

class MetricsRegistry {
 public:
  // The Content-Type of RenderText()'s output.
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // The process-wide registry (never destroyed).
  static MetricsRegistry& Global();

  // Registers (or finds, when the same name and labels were registered
  // before with the same type and help) a child and returns it. Counter
  // names should end in _total.
  Counter* AddCounter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge* AddGauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  Histogram* AddHistogram(std::string_view name, std::string_view help,
                          std::vector<double> upper_bounds, MetricLabels labels = {});
  // A gauge whose value `read` computes at rendering (uptime, ...). `read`
  // runs under the registry's mutex and must not call back into it.
  void AddGaugeFunction(std::string_view name, std::string_view help, std::function<double()> read,
                        MetricLabels labels = {});

  // All families sorted by name, each with its # HELP and # TYPE lines and
  // its children in registration order.
  std::string RenderText() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Child;
  struct Family;

  Child* AddChild(std::string_view name, std::string_view help, Type type, MetricLabels labels);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;  // guarded by mutex_
};

// Prometheus number syntax: integers without a fraction, shortest
// round-trip decimals, "+Inf", "-Inf", "NaN".
std::string FormatMetricValue(double value);

}  // namespace copra
