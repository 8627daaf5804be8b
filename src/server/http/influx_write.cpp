#include "server/http/influx_write.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "engine/database.h"
#include "engine/session.h"
#include "ingest/line_protocol.h"
#include "ingest/line_writer.h"
#include "server/http/http_auth.h"

namespace copra {

namespace {

constexpr size_t kMaxListedFailures = 100;

void Reply(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void HandleWrite(Database* database, const httplib::Request& req, httplib::Response& res,
                 const char* db_param) {
  std::string user;
  if (Status auth = CheckHttpAuthorization(database, req, &user); !auth.ok()) {
    SetUnauthorized(res,
                    nlohmann::json({{"code", "unauthorized"}, {"error", auth.message()}}).dump());
    return;
  }
  std::string db = "public";
  if (req.has_param(db_param)) {
    db = req.get_param_value(db_param);
  } else if (req.has_param("db")) {
    db = req.get_param_value("db");
  }
  Result<int64_t> precision = LinePrecisionNanos(req.get_param_value("precision"));
  if (!precision.ok()) {
    Reply(res, 400, {{"code", "invalid"}, {"error", precision.status().message()}});
    return;
  }
  LineProtocolResult parsed = ParseLineProtocol(req.body, *precision, NowNanos());
  std::unique_ptr<Session> session = ConnectHttpSession(database, db, user);
  LineProtocolWriter writer(session.get());
  Result<LineWriteResult> written = writer.Write(parsed);
  if (!written.ok()) {
    const Status& st = written.status();
    const bool missing = st.code() == ErrorCode::kInvalidDatabase;
    const bool denied = st.code() == ErrorCode::kInsufficientPrivilege;
    Reply(res,
          missing  ? 404
          : denied ? 403
                   : 400,
          {{"code", missing  ? "not found"
                    : denied ? "forbidden"
                             : "invalid"},
           {"error", st.message()}});
    return;
  }
  std::vector<LineError> failures = std::move(parsed.errors);
  failures.insert(failures.end(), written->errors.begin(), written->errors.end());
  if (failures.empty()) {
    res.status = 204;
    return;
  }
  std::stable_sort(failures.begin(), failures.end(),
                   [](const LineError& a, const LineError& b) { return a.line < b.line; });
  const size_t total = failures.size() + static_cast<size_t>(written->rows_written);
  nlohmann::json listed = nlohmann::json::array();
  for (size_t i = 0; i < failures.size() && i < kMaxListedFailures; ++i) {
    listed.push_back({{"line", failures[i].line}, {"message", failures[i].message}});
  }
  Reply(res, 400,
        {{"code", "invalid"},
         {"error", fmt::format("{} of {} lines failed; line {}: {}", failures.size(), total,
                               failures[0].line, failures[0].message)},
         {"lines_written", written->rows_written},
         {"failed_lines", listed}});
}

}  // namespace

void RegisterInfluxWriteRoutes(httplib::Server* server, Database* database) {
  auto v1 = [database](const httplib::Request& req, httplib::Response& res) {
    HandleWrite(database, req, res, "db");
  };
  auto v2 = [database](const httplib::Request& req, httplib::Response& res) {
    HandleWrite(database, req, res, "bucket");
  };
  server->Post("/v1/influxdb/write", v1);
  server->Post("/v1/influxdb/api/v2/write", v2);
  server->Post("/api/v2/write", v2);
  auto ping = [](const httplib::Request&, httplib::Response& res) { res.status = 204; };
  server->Get("/v1/influxdb/ping", ping);
  server->Get("/ping", ping);
}

}  // namespace copra
