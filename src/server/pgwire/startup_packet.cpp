#include "server/pgwire/startup_packet.h"

#include "server/pgwire/message_reader.h"
#include "server/pgwire/pg_protocol.h"

namespace copra::pgwire {

Result<StartupPacket> ParseStartupPacket(std::string_view body) {
  MessageReader reader(body, "startup");
  StartupPacket packet;
  COPRA_ASSIGN_OR_RETURN(int32_t code, reader.Int32());
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    COPRA_RETURN_NOT_OK(reader.ExpectEnd());
    packet.kind = code == kSslRequestCode ? StartupPacket::Kind::kSslRequest
                                          : StartupPacket::Kind::kGssEncRequest;
    return packet;
  }
  if (code == kCancelRequestCode) {
    packet.kind = StartupPacket::Kind::kCancel;
    COPRA_ASSIGN_OR_RETURN(packet.process_id, reader.Int32());
    COPRA_ASSIGN_OR_RETURN(packet.secret_key, reader.Int32());
    COPRA_RETURN_NOT_OK(reader.ExpectEnd());
    return packet;
  }
  int major = code >> 16;
  int minor = code & 0xffff;
  if (major != 3) {
    return Status::Error(ErrorCode::kProtocolViolation,
                         "unsupported frontend protocol " + std::to_string(major) + "." +
                             std::to_string(minor) + ": server supports 3.0 to 3.0");
  }
  packet.protocol = code;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(std::string_view name, reader.CString());
    if (name.empty()) break;
    COPRA_ASSIGN_OR_RETURN(std::string_view value, reader.CString());
    packet.params[std::string(name)] = std::string(value);
  }
  COPRA_RETURN_NOT_OK(reader.ExpectEnd());
  if (packet.params.find("user") == packet.params.end()) {
    return Status::Error(ErrorCode::kProtocolViolation,
                         "no PostgreSQL user name specified in startup packet");
  }
  return packet;
}

}  // namespace copra::pgwire
