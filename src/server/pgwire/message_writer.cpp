#include "server/pgwire/message_writer.h"

#include "common/status.h"

namespace copra::pgwire {

void AppendInt16(std::string* out, int16_t v) {
  auto u = static_cast<uint16_t>(v);
  out->push_back(static_cast<char>(u >> 8));
  out->push_back(static_cast<char>(u & 0xff));
}

void AppendInt32(std::string* out, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((u >> shift) & 0xff));
}

void AppendInt64(std::string* out, int64_t v) {
  auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((u >> shift) & 0xff));
}

void MessageWriter::Begin(char type) {
  out_.push_back(type);
  length_at_ = out_.size();
  out_.append(4, '\0');
}

void MessageWriter::BeginUntyped() {
  length_at_ = out_.size();
  out_.append(4, '\0');
}

void MessageWriter::Int16(int16_t v) { AppendInt16(&out_, v); }
void MessageWriter::Int32(int32_t v) { AppendInt32(&out_, v); }
void MessageWriter::Int64(int64_t v) { AppendInt64(&out_, v); }

void MessageWriter::CString(std::string_view s) {
  // A NUL inside would end the string early on the client's side.
  for (char c : s) out_.push_back(c == '\0' ? ' ' : c);
  out_.push_back('\0');
}

void MessageWriter::End() {
  COPRA_CHECK(length_at_ + 4 <= out_.size());
  auto len = static_cast<uint32_t>(out_.size() - length_at_);
  for (int i = 0; i < 4; ++i) {
    out_[length_at_ + static_cast<size_t>(i)] = static_cast<char>((len >> (24 - 8 * i)) & 0xff);
  }
}

}  // namespace copra::pgwire
