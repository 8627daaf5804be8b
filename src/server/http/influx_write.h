// InfluxDB line-protocol write endpoints (GreptimeDB-compatible):
//
//   POST /v1/influxdb/write?db=NAME&precision=ns            (InfluxDB v1 API)
//   POST /v1/influxdb/api/v2/write?bucket=NAME&precision=ns (InfluxDB v2 API)
//   POST /api/v2/write?bucket=NAME&precision=ns             (v2, for Telegraf)
//   GET  /v1/influxdb/ping, /ping                           204, for clients' health checks
//
// The body is line protocol (ingest/line_protocol.h), optionally gzip-
// compressed (Content-Encoding: gzip). `db` (v1) or `bucket` (v2, `db` also
// accepted) names the database, default "public"; `precision` is ns (the
// default), us, ms, s, m or h. Tables and their columns are created on
// first write (ingest/line_writer.h). Once users exist, requests need
// credentials (http_auth.h; Telegraf sends `Token user:password`).
//
// Responses: 204 when every line was written. When some lines fail, the good
// ones are still written and the answer is 400 with
//   {"code":"invalid","error":"2 of 5 lines failed; line 3: ...",
//    "lines_written":3,"failed_lines":[{"line":3,"message":"..."}, ...]}
// (at most 100 failed lines listed). A request that writes nothing for a
// request-wide reason (bad precision, unknown database) is a 400 or 404 with
// {"code":"...","error":"..."}.
#pragma once

namespace httplib {
class Server;
}  // namespace httplib

namespace copra {

class Database;

// Adds the endpoints above to `server`; `database` is borrowed.
void RegisterInfluxWriteRoutes(httplib::Server* server, Database* database);

}  // namespace copra
