// UTF-8 helpers for the string kernels (length, substr, lower/upper, ILIKE).
// Strings are expected to be valid UTF-8; invalid bytes are never an error
// here: each one counts as a character of its own, and case mapping copies
// it unchanged. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copra::utf8 {

// Byte length of the character starting with lead byte `b` (1 for
// continuation or invalid bytes).
inline int CharLength(uint8_t b) {
  if (b < 0x80) return 1;
  if (b >= 0xF0 && b < 0xF8) return 4;
  if (b >= 0xE0) return b < 0xF0 ? 3 : 1;
  if (b >= 0xC0) return 2;
  return 1;
}

// Byte length of the character at s[pos] (clamped to the string's end).
inline size_t CharLengthAt(std::string_view s, size_t pos) {
  size_t n = static_cast<size_t>(CharLength(static_cast<uint8_t>(s[pos])));
  return n < s.size() - pos ? n : s.size() - pos;
}

bool IsAscii(std::string_view s);
// Number of characters.
int64_t CountChars(std::string_view s);
// Byte offset just past the first `n` characters (s.size() if fewer).
size_t SkipChars(std::string_view s, int64_t n);

// Decodes the character at s[*pos] and advances *pos past it. Invalid
// sequences decode as the single byte's value.
uint32_t Decode(std::string_view s, size_t* pos);
// Appends the UTF-8 encoding of code point `cp`.
void Encode(uint32_t cp, std::string* out);

// Simple (one-to-one) Unicode case mapping, ASCII fast path; appended to
// `out`.
void AppendLower(std::string_view s, std::string* out);
void AppendUpper(std::string_view s, std::string* out);

}  // namespace copra::utf8
