// RequestTimeout: the statement timeout of the HTTP query endpoints
// (/v1/sql, /v1/run-script). A request's statements together may run for
// http.statement_timeout_ms (0 = no limit); a request may choose its own
// limit with GreptimeDB's header `X-Greptime-Timeout: 30s` (PostgreSQL's
// forms: 500, 500ms, 5s, 2min, 1h; 0 = none). Past it the running statement
// is canceled and the request answers SQLSTATE 57014 "canceling statement
// due to statement timeout" (GreptimeDB code 1005).
//
// Thread-safe once configured: set_default_timeout_ms() before the server
// serves; Arm() from any worker thread. Owns the StatementWatchdog thread.
#pragma once

#include <cstdint>
#include <memory>

#include "common/status.h"
#include "server/statement_watchdog.h"

namespace httplib {
struct Request;
}  // namespace httplib

namespace copra {

class Session;

class RequestTimeout {
 public:
  RequestTimeout() = default;

  void set_default_timeout_ms(int64_t ms) { default_timeout_ms_ = ms; }
  int64_t default_timeout_ms() const { return default_timeout_ms_; }

  // Starts timing `session` for request `req` (its X-Greptime-Timeout
  // header, else the default). A malformed header is a kInvalidParameter
  // error. Keep the Watch alive while the request's statements run and
  // pass their errors through Watch::Explain.
  Result<std::unique_ptr<StatementWatchdog::Watch>> Arm(const httplib::Request& req,
                                                        Session* session);

 private:
  int64_t default_timeout_ms_ = 0;
  StatementWatchdog watchdog_;
};

}  // namespace copra
