#include "server/pgwire/message_reader.h"

namespace copra::pgwire {

Status MessageReader::Invalid(const std::string& detail) const {
  return Status::Error(ErrorCode::kProtocolViolation,
                       std::string("invalid ") + what_ + " message: " + detail);
}

Result<uint8_t> MessageReader::Byte() {
  if (remaining() < 1) return Invalid("unexpected end of message");
  return static_cast<uint8_t>(body_[pos_++]);
}

Result<int16_t> MessageReader::Int16() {
  if (remaining() < 2) return Invalid("unexpected end of message");
  auto hi = static_cast<uint8_t>(body_[pos_]);
  auto lo = static_cast<uint8_t>(body_[pos_ + 1]);
  pos_ += 2;
  return static_cast<int16_t>(static_cast<uint16_t>((hi << 8) | lo));
}

Result<int32_t> MessageReader::Int32() {
  if (remaining() < 4) return Invalid("unexpected end of message");
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v = (v << 8) | static_cast<uint8_t>(body_[pos_ + static_cast<size_t>(i)]);
  pos_ += 4;
  return static_cast<int32_t>(v);
}

Result<std::string_view> MessageReader::CString() {
  size_t end = body_.find('\0', pos_);
  if (end == std::string_view::npos) return Invalid("string is not terminated");
  std::string_view s = body_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return s;
}

Result<std::string_view> MessageReader::Bytes(int64_t n) {
  if (n < 0) return Invalid("negative length " + std::to_string(n));
  if (static_cast<uint64_t>(n) > remaining()) {
    return Invalid("length " + std::to_string(n) + " exceeds the message");
  }
  std::string_view s = body_.substr(pos_, static_cast<size_t>(n));
  pos_ += static_cast<size_t>(n);
  return s;
}

Status MessageReader::ExpectEnd() const {
  if (remaining() != 0) return Invalid(std::to_string(remaining()) + " unexpected trailing bytes");
  return Status::OK();
}

}  // namespace copra::pgwire
