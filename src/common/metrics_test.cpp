#include "common/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace copra {
namespace {

TEST(MetricsTest, RendersASmallRegistryExactly) {
  MetricsRegistry r;
  Counter* get = r.AddCounter("app_requests_total", "Requests served", {{"method", "get"}});
  Counter* post = r.AddCounter("app_requests_total", "Requests served", {{"method", "post"}});
  Gauge* open = r.AddGauge("app_open_connections", "Connections open now");
  Histogram* latency =
      r.AddHistogram("app_latency_seconds", "Latency", {0.5, 1, 2.5}, {{"path", "/x"}});
  r.AddGaugeFunction("app_temperature", "A computed gauge", [] { return 21.5; });
  get->Increment();
  get->Increment(4);
  post->Increment();
  open->Add(3);
  open->Subtract(1);
  latency->Observe(0.25);
  latency->Observe(0.5);  // a value equal to a bound falls into that bucket
  latency->Observe(2);
  latency->Observe(7);
  EXPECT_EQ(r.RenderText(),
            "# HELP app_latency_seconds Latency\n"
            "# TYPE app_latency_seconds histogram\n"
            "app_latency_seconds_bucket{path=\"/x\",le=\"0.5\"} 2\n"
            "app_latency_seconds_bucket{path=\"/x\",le=\"1\"} 2\n"
            "app_latency_seconds_bucket{path=\"/x\",le=\"2.5\"} 3\n"
            "app_latency_seconds_bucket{path=\"/x\",le=\"+Inf\"} 4\n"
            "app_latency_seconds_sum{path=\"/x\"} 9.75\n"
            "app_latency_seconds_count{path=\"/x\"} 4\n"
            "# HELP app_open_connections Connections open now\n"
            "# TYPE app_open_connections gauge\n"
            "app_open_connections 2\n"
            "# HELP app_requests_total Requests served\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{method=\"get\"} 5\n"
            "app_requests_total{method=\"post\"} 1\n"
            "# HELP app_temperature A computed gauge\n"
            "# TYPE app_temperature gauge\n"
            "app_temperature 21.5\n");
}

TEST(MetricsTest, EmptyHistogramAndNoLabels) {
  MetricsRegistry r;
  r.AddHistogram("h_seconds", "H", {1});
  EXPECT_EQ(r.RenderText(),
            "# HELP h_seconds H\n"
            "# TYPE h_seconds histogram\n"
            "h_seconds_bucket{le=\"1\"} 0\n"
            "h_seconds_bucket{le=\"+Inf\"} 0\n"
            "h_seconds_sum 0\n"
            "h_seconds_count 0\n");
}

TEST(MetricsTest, EscapesHelpAndLabelValues) {
  MetricsRegistry r;
  r.AddCounter("c_total", "back\\slash and\nnewline", {{"v", "a\"b\\c\nd"}});
  EXPECT_EQ(r.RenderText(),
            "# HELP c_total back\\\\slash and\\nnewline\n"
            "# TYPE c_total counter\n"
            "c_total{v=\"a\\\"b\\\\c\\nd\"} 0\n");
}

TEST(MetricsTest, RegistrationIsIdempotent) {
  MetricsRegistry r;
  Counter* a = r.AddCounter("x_total", "X", {{"k", "1"}});
  Counter* b = r.AddCounter("x_total", "X", {{"k", "1"}});
  Counter* c = r.AddCounter("x_total", "X", {{"k", "2"}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  Histogram* h1 = r.AddHistogram("y_seconds", "Y", {1, 2});
  Histogram* h2 = r.AddHistogram("y_seconds", "Y", {1, 2});
  EXPECT_EQ(h1, h2);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Histogram h({1, 2, 4, 8});
  for (double v : {0.5, 1.5, 1.7, 3.0, 3.0, 3.0, 100.0}) h.Observe(v);
  h.Observe(std::numeric_limits<double>::quiet_NaN());  // counted in +Inf
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{1, 3, 6, 6, 8}));
  EXPECT_EQ(s.count, 8u);
  EXPECT_TRUE(std::isnan(s.sum));
}

TEST(MetricsTest, CountsFromManyThreads) {
  MetricsRegistry r;
  Counter* c = r.AddCounter("n_total", "N");
  Histogram* h = r.AddHistogram("d_seconds", "D", {0.5});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c->Increment();
        h->Observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c->value(), 40000u);
  Histogram::Snapshot s = h->Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{20000, 40000}));
  EXPECT_DOUBLE_EQ(s.sum, 20000 * 0.25 + 20000 * 1.0);
}

TEST(MetricsTest, FormatsValuesThePrometheusWay) {
  EXPECT_EQ(FormatMetricValue(0), "0");
  EXPECT_EQ(FormatMetricValue(42), "42");
  EXPECT_EQ(FormatMetricValue(-3), "-3");
  EXPECT_EQ(FormatMetricValue(0.0005), "0.0005");
  EXPECT_EQ(FormatMetricValue(2.5), "2.5");
  EXPECT_EQ(FormatMetricValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatMetricValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatMetricValue(std::nan("")), "NaN");
}

}  // namespace
}  // namespace copra
