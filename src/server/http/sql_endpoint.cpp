#include "server/http/sql_endpoint.h"

#include <httplib.h>

#include <chrono>

#include "catalog/catalog.h"
#include "engine/database.h"
#include "engine/session.h"
#include "server/http/http_auth.h"
#include "server/http/request_timeout.h"
#include "server/http/sql_output.h"
#include "vector/arrow_ipc_writer.h"

namespace copra {

namespace {

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

// The SQL text: the `sql` query or form parameter, else the raw body.
std::string RequestSql(const httplib::Request& req) {
  if (req.has_param("sql")) return req.get_param_value("sql");
  std::string type = req.get_header_value("Content-Type");
  if (type.find("application/x-www-form-urlencoded") != std::string::npos) return "";
  return req.body;
}

}  // namespace

void SqlEndpoint::Handle(const httplib::Request& req, httplib::Response& res) const {
  auto start = std::chrono::steady_clock::now();
  std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  auto fail = [&](const Status& st) {
    res.status = HttpStatusFor(st.code());
    res.set_content(SqlJsonOutput::Error(st, MillisSince(start)), "application/json");
  };
  if (format != "json" && format != "csv" && format != "csvWithNames" && format != "arrow") {
    fail(Status::InvalidArgument("unknown format \"" + format +
                                 "\" (expected json, csv, csvWithNames or arrow)"));
    return;
  }
  std::string user;
  if (Status auth = CheckHttpAuthorization(database_, req, &user); !auth.ok()) {
    SetUnauthorized(res, SqlJsonOutput::Error(auth, MillisSince(start)));
    return;
  }
  std::string db = req.has_param("db") ? req.get_param_value("db") : "public";
  if (!database_->catalog().HasDatabase(db)) {
    fail(Status::Error(ErrorCode::kInvalidDatabase, "database \"" + db + "\" does not exist"));
    return;
  }
  std::string sql = RequestSql(req);
  if (sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    fail(Status::InvalidArgument("no SQL given: send it as the sql parameter or as the body"));
    return;
  }
  std::unique_ptr<Session> session = ConnectHttpSession(database_, db, user);
  Result<std::unique_ptr<StatementWatchdog::Watch>> watch = timeout_->Arm(req, session.get());
  if (!watch.ok()) return fail(watch.status());
  auto failed = [&](const Status& st) { fail((*watch)->Explain(st)); };
  if (format == "json") {
    SqlJsonOutput out;
    Status st = session->ExecuteScript(sql, [&](QueryResult& r) { return out.Add(r); });
    if (!st.ok()) return failed(st);
    res.status = 200;
    res.set_content(out.Finish(MillisSince(start)), "application/json");
    return;
  }
  if (format == "arrow") {
    std::string body;
    ArrowIpcStreamWriter writer(&body);
    int row_results = 0;
    Status st = session->ExecuteScript(sql, [&](QueryResult& r) -> Status {
      if (!r.returns_rows()) return Status::OK();
      if (++row_results > 1) {
        return Status::InvalidArgument(
            "format=arrow returns one result: send a single statement that returns rows");
      }
      writer.WriteSchema(*r.schema());
      while (true) {
        COPRA_ASSIGN_OR_RETURN(BatchPtr batch, r.Next());
        if (batch == nullptr) break;
        writer.WriteBatch(*batch);
      }
      return Status::OK();
    });
    if (st.ok() && row_results == 0) {
      st = Status::InvalidArgument("format=arrow needs a statement that returns rows");
    }
    if (!st.ok()) return failed(st);
    writer.Finish();
    res.status = 200;
    res.set_content(body, "application/vnd.apache.arrow.stream");
    return;
  }
  SqlCsvOutput out(format == "csvWithNames");
  Status st = session->ExecuteScript(sql, [&](QueryResult& r) { return out.Add(r); });
  if (!st.ok()) return failed(st);
  res.status = 200;
  res.set_content(out.body(), "text/csv; charset=utf-8");
}

}  // namespace copra
