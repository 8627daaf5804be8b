// MessageReader: reads the fields of one frontend message body with bounds
// checks. Every read past the end, a string without its NUL terminator or a
// negative length is a kProtocolViolation (SQLSTATE 08P01) naming the
// message, never undefined behaviour: bodies come straight from the network.
//
// Borrows the body; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra::pgwire {

class MessageReader {
 public:
  // `what` names the message in errors, e.g. "Bind".
  MessageReader(std::string_view body, const char* what) : body_(body), what_(what) {}

  Result<int16_t> Int16();
  Result<int32_t> Int32();
  Result<uint8_t> Byte();
  // A NUL-terminated string (terminator consumed, not returned).
  Result<std::string_view> CString();
  // Exactly `n` bytes.
  Result<std::string_view> Bytes(int64_t n);

  size_t remaining() const { return body_.size() - pos_; }
  // An error unless the whole body was consumed.
  Status ExpectEnd() const;
  // kProtocolViolation "invalid <what> message: <detail>".
  Status Invalid(const std::string& detail) const;

 private:
  std::string_view body_;
  size_t pos_ = 0;
  const char* what_;
};

}  // namespace copra::pgwire
