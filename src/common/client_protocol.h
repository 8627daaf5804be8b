// ClientProtocol: how a session's client reaches Copra, for the query
// metrics' `protocol` label. Sessions start as kEmbedded (the shell, tests,
// queries Python runs through copra.query()); the pgwire and HTTP servers
// set theirs.
#pragma once

namespace copra {

enum class ClientProtocol { kEmbedded = 0, kPgwire = 1, kHttp = 2 };
inline constexpr int kClientProtocolCount = 3;

// "embedded", "pgwire", "http": the label value.
inline const char* ClientProtocolName(ClientProtocol p) {
  switch (p) {
    case ClientProtocol::kPgwire: return "pgwire";
    case ClientProtocol::kHttp: return "http";
    default: return "embedded";
  }
}

}  // namespace copra
