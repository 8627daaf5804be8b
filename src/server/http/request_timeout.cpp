#include "server/http/request_timeout.h"

#include <httplib.h>

#include "engine/session.h"

namespace copra {

Result<std::unique_ptr<StatementWatchdog::Watch>> RequestTimeout::Arm(const httplib::Request& req,
                                                                      Session* session) {
  int64_t timeout_ms = default_timeout_ms_;
  if (req.has_header("X-Greptime-Timeout")) {
    // The session parses it as `SET statement_timeout` would.
    const std::string header = req.get_header_value("X-Greptime-Timeout");
    if (Status st = session->SetSetting("statement_timeout", header); !st.ok()) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "invalid X-Greptime-Timeout header \"" + header +
                               "\" (expected milliseconds or a number with ms, s, min, h or d)");
    }
    timeout_ms = session->statement_timeout_ms();
  }
  return watchdog_.Start(session, timeout_ms);
}

}  // namespace copra
