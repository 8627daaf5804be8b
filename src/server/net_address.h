// NetAddress: a HOST:PORT a server listens on, as given in flags and config
// files ("127.0.0.1:4000", "[::1]:4003", "localhost:4000").
//
// Only numeric IP addresses and "localhost" are accepted: a listen address
// that needs DNS would make what the server exposes depend on the resolver.
// Plain value type; thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

struct NetAddress {
  std::string host;  // as written, without IPv6 brackets: "127.0.0.1", "::1", "localhost"
  int port = 0;      // 0 = any free port, chosen when binding

  // True for 127.0.0.0/8, ::1, ::ffff:127.x.y.z and "localhost".
  bool IsLoopback() const;
  // True when host is an IPv6 literal.
  bool IsIPv6() const;
  // The host to hand to bind(): "localhost" becomes "127.0.0.1".
  std::string BindHost() const;
  // "127.0.0.1:4000", "[::1]:4000".
  std::string ToString() const;
};

// Parses "HOST:PORT" (IPv6 as "[HOST]:PORT"); the port is 0..65535. Errors
// (kInvalidArgument) quote the text and say what was expected.
Result<NetAddress> ParseNetAddress(std::string_view text);

}  // namespace copra
