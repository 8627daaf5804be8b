// MessageWriter: builds backend messages (type byte, int32 length, body) in
// network byte order into an output buffer that the connection flushes to
// the socket. Also builds untyped packets for tests (the startup packet).
//
// Usage:  w.Begin('Z'); w.Byte('I'); w.End();
// Not thread-safe; one per connection. Begin/End must pair up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copra::pgwire {

class MessageWriter {
 public:
  // Starts a message of type `type`; the length is filled in by End().
  void Begin(char type);
  // Starts a packet without a type byte (startup packets).
  void BeginUntyped();
  void Byte(char v) { out_.push_back(v); }
  void Int16(int16_t v);
  void Int32(int32_t v);
  void Int64(int64_t v);
  // The bytes followed by a NUL terminator.
  void CString(std::string_view s);
  void Bytes(std::string_view s) { out_.append(s); }
  // Patches the length of the message begun last.
  void End();

  // A whole message with an empty body (ParseComplete, NoData, ...).
  void Empty(char type) {
    Begin(type);
    End();
  }

  // Mutable access for in-place encoders (they append to it directly).
  std::string& buffer() { return out_; }
  const std::string& data() const { return out_; }
  size_t size() const { return out_.size(); }
  void Clear() { out_.clear(); }

 private:
  std::string out_;
  size_t length_at_ = 0;  // offset of the int32 length of the open message
};

// Appends big-endian integers to `out`.
void AppendInt16(std::string* out, int16_t v);
void AppendInt32(std::string* out, int32_t v);
void AppendInt64(std::string* out, int64_t v);

}  // namespace copra::pgwire
