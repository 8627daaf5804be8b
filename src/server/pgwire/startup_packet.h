// StartupPacket: the first packet a client sends, decoded. It is one of a
// StartupMessage (protocol 3.0 and key/value parameters such as user,
// database, application_name, options), an SSLRequest or GSSENCRequest
// (answered 'N': Copra speaks plain TCP), or a CancelRequest (process id and
// secret key of the connection whose query to cancel).
//
// Pure decoding with bounds checks; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra::pgwire {

struct StartupPacket {
  enum class Kind { kStartup, kSslRequest, kGssEncRequest, kCancel };
  Kind kind = Kind::kStartup;
  int32_t protocol = 0;                       // kStartup
  std::map<std::string, std::string> params;  // kStartup: user, database, ...
  int32_t process_id = 0;                     // kCancel
  int32_t secret_key = 0;                     // kCancel
};

// Decodes a startup packet body (without its length word). Unsupported
// protocol versions (2.0, 4.x) are kProtocolViolation with PostgreSQL's
// wording ("unsupported frontend protocol 2.0: server supports 3.0 to 3.0").
Result<StartupPacket> ParseStartupPacket(std::string_view body);

}  // namespace copra::pgwire
