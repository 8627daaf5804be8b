#include "server/net_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace copra {

namespace {

bool ParseIPv4(const std::string& host, in_addr* out) {
  return inet_pton(AF_INET, host.c_str(), out) == 1;
}

bool ParseIPv6(const std::string& host, in6_addr* out) {
  return inet_pton(AF_INET6, host.c_str(), out) == 1;
}

Status Malformed(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(fmt::format(
      "invalid address \"{}\": {} (expected HOST:PORT, e.g. 127.0.0.1:4000)", text, why));
}

}  // namespace

bool NetAddress::IsIPv6() const {
  in6_addr addr6;
  return ParseIPv6(host, &addr6);
}

bool NetAddress::IsLoopback() const {
  if (host == "localhost") return true;
  in_addr addr4;
  if (ParseIPv4(host, &addr4)) {
    return (ntohl(addr4.s_addr) >> 24) == 127;
  }
  in6_addr addr6;
  if (ParseIPv6(host, &addr6)) {
    if (IN6_IS_ADDR_LOOPBACK(&addr6)) return true;
    // An IPv4-mapped loopback address, ::ffff:127.x.y.z.
    return IN6_IS_ADDR_V4MAPPED(&addr6) && addr6.s6_addr[12] == 127;
  }
  return false;
}

std::string NetAddress::BindHost() const { return host == "localhost" ? "127.0.0.1" : host; }

std::string NetAddress::ToString() const {
  if (IsIPv6()) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

Result<NetAddress> ParseNetAddress(std::string_view text) {
  if (text.empty()) return Malformed(text, "it is empty");
  std::string_view host;
  std::string_view port_text;
  if (text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return Malformed(text, "missing ']'");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') return Malformed(text, "missing :PORT");
    port_text = rest.substr(1);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Malformed(text, "missing :PORT");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return Malformed(text, "write IPv6 addresses in brackets, e.g. [::1]:4000");
    }
  }
  if (host.empty()) return Malformed(text, "missing host");
  if (port_text.empty()) return Malformed(text, "missing port");

  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Malformed(text, fmt::format("port \"{}\" is not a number from 0 to 65535", port_text));
  }

  NetAddress address{std::string(host), port};
  in_addr addr4;
  in6_addr addr6;
  bool bracketed = text.front() == '[';
  if (bracketed) {
    if (!ParseIPv6(address.host, &addr6)) {
      return Malformed(text, fmt::format("\"{}\" is not an IPv6 address", host));
    }
  } else if (address.host != "localhost" && !ParseIPv4(address.host, &addr4)) {
    return Malformed(text, fmt::format("host \"{}\" is not an IP address or localhost", host));
  }
  return address;
}

}  // namespace copra
