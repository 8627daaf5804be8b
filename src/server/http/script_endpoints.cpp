#include "server/http/script_endpoints.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <map>

#include "catalog/catalog.h"
#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "python/script_registry.h"
#include "server/http/http_auth.h"
#include "server/http/request_timeout.h"
#include "server/http/sql_output.h"

namespace copra {

namespace {

using Clock = std::chrono::steady_clock;

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

void Fail(httplib::Response& res, const Status& st, Clock::time_point start) {
  res.status = HttpStatusFor(st.code());
  res.set_content(SqlJsonOutput::Error(st, MillisSince(start)), "application/json");
}

// The database and script named by the request, after authentication; false
// when the answer has been written.
bool Target(Database* database, const httplib::Request& req, httplib::Response& res,
            Clock::time_point start, std::string* db, std::string* name, std::string* user) {
  if (Status auth = CheckHttpAuthorization(database, req, user); !auth.ok()) {
    SetUnauthorized(res, SqlJsonOutput::Error(auth, MillisSince(start)));
    return false;
  }
  *db = req.has_param("db") ? req.get_param_value("db") : "public";
  *name = req.get_param_value("name");
  if (name->empty()) {
    Fail(res, Status::InvalidArgument("missing the script name: add ?name=<script>"), start);
    return false;
  }
  if (!database->catalog().HasDatabase(*db)) {
    Fail(res, Status::Error(ErrorCode::kInvalidDatabase, "database \"" + *db + "\" does not exist"),
         start);
    return false;
  }
  return true;
}

void HandleSave(Database* database, const httplib::Request& req, httplib::Response& res) {
  const auto start = Clock::now();
  std::string db, name, user;
  if (!Target(database, req, res, start, &db, &name, &user)) return;
  // Saving a script is creating code that runs in the database: admin.
  if (Status st =
          CheckDatabaseAccess(*ConnectHttpSession(database, db, user), db, Privilege::kAdmin);
      !st.ok()) {
    Fail(res, st, start);
    return;
  }
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(res, Status::InvalidArgument("no script given: send the Python script as the body"),
         start);
    return;
  }
  Status st = database->scripts().Register(db, name, req.body, /*replace=*/true);
  if (!st.ok()) {
    // Compile errors carry the script's line:column as their position.
    Status shown = st;
    if (st.position().IsKnown()) {
      shown = Status::Error(st.code(), fmt::format("{} (script line {}, column {})", st.message(),
                                                   st.position().line, st.position().column));
    }
    Fail(res, shown, start);
    return;
  }
  res.status = 200;
  res.set_content(fmt::format("{{\"code\":0,\"execution_time_ms\":{}}}", MillisSince(start)),
                  "application/json");
}

void HandleRun(Database* database, RequestTimeout* timeout, const httplib::Request& req,
               httplib::Response& res) {
  const auto start = Clock::now();
  std::string db, name, user;
  if (!Target(database, req, res, start, &db, &name, &user)) return;
  std::map<std::string, std::string> params;
  for (const auto& [key, value] : req.params) {
    if (key != "db" && key != "name") params[key] = value;
  }
  std::unique_ptr<Session> session = ConnectHttpSession(database, db, user);
  Result<std::unique_ptr<StatementWatchdog::Watch>> watch = timeout->Arm(req, session.get());
  if (!watch.ok()) return Fail(res, watch.status(), start);
  Result<std::unique_ptr<QueryResult>> result =
      database->scripts().RunScript(*session, name, params);
  if (!result.ok()) return Fail(res, (*watch)->Explain(result.status()), start);
  SqlJsonOutput out;
  if (Status st = out.Add(**result); !st.ok()) return Fail(res, (*watch)->Explain(st), start);
  res.status = 200;
  res.set_content(out.Finish(MillisSince(start)), "application/json");
}

}  // namespace

void RegisterScriptRoutes(httplib::Server* server, Database* database, RequestTimeout* timeout) {
  server->Post("/v1/scripts", [database](const httplib::Request& req, httplib::Response& res) {
    HandleSave(database, req, res);
  });
  server->Post("/v1/run-script",
               [database, timeout](const httplib::Request& req, httplib::Response& res) {
                 HandleRun(database, timeout, req, res);
               });
}

}  // namespace copra
