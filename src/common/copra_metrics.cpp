#include "common/copra_metrics.h"

#include <chrono>

namespace copra {

namespace {

// Taken during static initialization, i.e. at process start.
const auto kStartSteady = std::chrono::steady_clock::now();
const double kStartUnixSeconds =
    std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();

CopraMetrics Register() {
  MetricsRegistry& r = MetricsRegistry::Global();
  CopraMetrics m{};
  for (int p = 0; p < kClientProtocolCount; ++p) {
    const char* name = ClientProtocolName(static_cast<ClientProtocol>(p));
    m.queries[p] = r.AddCounter("copra_queries_total",
                                "SQL statements executed (including failed ones), by protocol",
                                {{"protocol", name}});
    m.query_errors[p] =
        r.AddCounter("copra_query_errors_total",
                     "SQL statements that ended in an error, by protocol", {{"protocol", name}});
  }
  for (int c = 1; c < kErrorCodeCount; ++c) {
    ErrorCode code = static_cast<ErrorCode>(c);
    m.errors_by_code[c] =
        r.AddCounter("copra_query_errors_by_sqlstate_total",
                     "SQL statements that ended in an error, by SQLSTATE and Copra error code",
                     {{"sqlstate", SqlState(code)}, {"code", ErrorCodeName(code)}});
  }
  m.errors_by_code[0] = nullptr;
  const char* sources[] = {"insert", "copy", "line_protocol"};
  for (int s = 0; s < 3; ++s) {
    m.rows_written[s] = r.AddCounter("copra_rows_written_total",
                                     "Rows written to tables, by source (INSERT, COPY FROM, "
                                     "InfluxDB line protocol)",
                                     {{"source", sources[s]}});
  }
  m.wal_syncs = r.AddCounter("copra_wal_syncs_total", "fdatasync calls on WAL segments");
  m.wal_bytes = r.AddCounter("copra_wal_bytes_total", "Bytes appended to WAL segments");
  m.wal_sync_seconds = r.AddHistogram("copra_wal_sync_duration_seconds",
                                      "Time of one fdatasync of a WAL segment, in seconds",
                                      Histogram::LatencyBuckets());
  const char* kinds[] = {"script", "udf", "compile"};
  for (int k = 0; k < 3; ++k) {
    m.python_seconds[k] = r.AddHistogram(
        "copra_python_call_duration_seconds",
        "Time of one call into Python (with the GIL held), in seconds, by kind: a coprocessor "
        "script run, a UDF call (per batch), compiling a script or UDF",
        Histogram::LatencyBuckets(), {{"kind", kinds[k]}});
  }
  m.pgwire_connections =
      r.AddGauge("copra_pgwire_connections", "PostgreSQL wire protocol sessions open now");
  m.pgwire_connections_total = r.AddCounter(
      "copra_pgwire_connections_total", "PostgreSQL wire protocol sessions started since startup");
  m.pgwire_query_seconds = r.AddHistogram(
      "copra_pgwire_query_duration_seconds",
      "Time to run one PostgreSQL wire protocol statement (one Execute of a portal, or one "
      "statement of a simple query) and send its rows, in seconds",
      Histogram::LatencyBuckets());
  m.pgwire_received_bytes = r.AddCounter("copra_pgwire_received_bytes_total",
                                         "Bytes received from PostgreSQL wire protocol clients");
  m.pgwire_sent_bytes = r.AddCounter("copra_pgwire_sent_bytes_total",
                                     "Bytes sent to PostgreSQL wire protocol clients");
  m.http_connections = r.AddGauge(
      "copra_http_connections",
      "HTTP connections open now (accepted and not yet closed, keep-alive ones included)");
  m.http_connections_total =
      r.AddCounter("copra_http_connections_total", "HTTP connections accepted since startup");
  r.AddGaugeFunction("copra_uptime_seconds", "Seconds since the process started", [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - kStartSteady).count();
  });
  r.AddGaugeFunction("process_start_time_seconds",
                     "Start time of the process since the Unix epoch, in seconds",
                     [] { return kStartUnixSeconds; });
  r.AddGaugeFunction("copra_build_info", "Always 1; the label carries the version",
                     [] { return 1.0; }, {{"version", COPRA_VERSION}});
  return m;
}

}  // namespace

void CopraMetrics::CountQuery(ClientProtocol protocol, const Status& status) const {
  query(protocol)->Increment();
  if (!status.ok()) CountQueryError(protocol, status);
}

void CopraMetrics::CountQueryError(ClientProtocol protocol, const Status& status) const {
  if (status.ok()) return;
  query_error(protocol)->Increment();
  int code = static_cast<int>(status.code());
  if (code > 0 && code < kErrorCodeCount) errors_by_code[code]->Increment();
}

const CopraMetrics& CopraMetrics::Get() {
  static const CopraMetrics metrics = Register();
  return metrics;
}

}  // namespace copra
