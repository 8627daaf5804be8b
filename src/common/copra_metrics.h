// CopraMetrics: the engine's metrics, in one place so the list is easy to
// read and to document (docs/protocols.md, "Metrics"). They live in
// MetricsRegistry::Global() and are all registered by the first Get(), so
// GET /metrics shows every series from the start, at zero. The HTTP
// server's per-endpoint metrics are in server/http/http_metrics.h.
//
// Thread-safe: Get() is safe from any thread; the members are borrowed
// pointers into the global registry (never destroyed) and are updated with
// relaxed atomics.
#pragma once

#include "common/client_protocol.h"
#include "common/error_code.h"
#include "common/metrics.h"
#include "common/status.h"

namespace copra {

// Where rows written come from (the `source` label).
enum class WriteSource { kInsert = 0, kCopy = 1, kLineProtocol = 2 };
// What a call into Python does (the `kind` label).
enum class PythonWork { kScript = 0, kUdf = 1, kCompile = 2 };
// Number of ErrorCode values (kOk .. kInternal), for the per-code errors.
inline constexpr int kErrorCodeCount = static_cast<int>(ErrorCode::kInternal) + 1;

struct CopraMetrics {
  static const CopraMetrics& Get();

  Counter* queries[kClientProtocolCount];       // copra_queries_total{protocol}
  Counter* query_errors[kClientProtocolCount];  // copra_query_errors_total{protocol}
  Counter* errors_by_code[kErrorCodeCount];     // copra_query_errors_by_sqlstate_total{...}
  Counter* rows_written[3];                     // copra_rows_written_total{source}
  Counter* wal_syncs;                           // copra_wal_syncs_total
  Counter* wal_bytes;                           // copra_wal_bytes_total
  Histogram* wal_sync_seconds;                  // copra_wal_sync_duration_seconds
  Histogram* python_seconds[3];                 // copra_python_call_duration_seconds{kind}
  Gauge* pgwire_connections;                    // copra_pgwire_connections
  Counter* pgwire_connections_total;            // copra_pgwire_connections_total
  Histogram* pgwire_query_seconds;              // copra_pgwire_query_duration_seconds
  Counter* pgwire_received_bytes;               // copra_pgwire_received_bytes_total
  Counter* pgwire_sent_bytes;                   // copra_pgwire_sent_bytes_total
  Gauge* http_connections;                      // copra_http_connections
  Counter* http_connections_total;              // copra_http_connections_total

  Counter* query(ClientProtocol p) const { return queries[static_cast<int>(p)]; }
  Counter* query_error(ClientProtocol p) const { return query_errors[static_cast<int>(p)]; }
  Counter* rows(WriteSource s) const { return rows_written[static_cast<int>(s)]; }
  Histogram* python(PythonWork w) const { return python_seconds[static_cast<int>(w)]; }

  // Counts one statement run through `protocol`, and its error when
  // `status` is not OK (by protocol and by error code).
  void CountQuery(ClientProtocol protocol, const Status& status) const;
  // Counts only the error of a statement already counted (an error that
  // surfaced while its rows were streamed).
  void CountQueryError(ClientProtocol protocol, const Status& status) const;
};

}  // namespace copra
