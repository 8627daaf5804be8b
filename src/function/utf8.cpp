#include "function/utf8.h"

#include <locale.h>
#include <wctype.h>

namespace copra::utf8 {

bool IsAscii(std::string_view s) {
  uint8_t acc = 0;
  for (char c : s) acc |= static_cast<uint8_t>(c);
  return acc < 0x80;
}

int64_t CountChars(std::string_view s) {
  // Every byte that is not a continuation byte (10xxxxxx) starts a
  // character; for valid UTF-8 that is exactly the character count.
  int64_t n = 0;
  for (char c : s) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

size_t SkipChars(std::string_view s, int64_t n) {
  size_t pos = 0;
  while (n > 0 && pos < s.size()) {
    pos += CharLengthAt(s, pos);
    --n;
  }
  return pos;
}

uint32_t Decode(std::string_view s, size_t* pos) {
  size_t p = *pos;
  uint8_t b = static_cast<uint8_t>(s[p]);
  size_t len = CharLengthAt(s, p);
  if (len == 1 || static_cast<size_t>(CharLength(b)) != len) {
    *pos = p + 1;
    return b;
  }
  uint32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t i = 1; i < len; ++i) {
    uint8_t c = static_cast<uint8_t>(s[p + i]);
    if ((c & 0xC0) != 0x80) {  // truncated sequence: take the lead byte alone
      *pos = p + 1;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *pos = p + len;
  return cp;
}

void Encode(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// glibc's built-in C.UTF-8 locale carries the Unicode simple case mappings;
// using it explicitly keeps results independent of the process locale.
locale_t Utf8Locale() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

template <bool kUpper>
void AppendMapped(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  size_t pos = 0;
  locale_t loc = nullptr;
  while (pos < s.size()) {
    uint8_t b = static_cast<uint8_t>(s[pos]);
    if (b < 0x80) {
      char c = static_cast<char>(b);
      if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      out->push_back(c);
      ++pos;
      continue;
    }
    size_t start = pos;
    uint32_t cp = Decode(s, &pos);
    if (pos - start == 1) {  // invalid byte: copied unchanged
      out->push_back(static_cast<char>(b));
      continue;
    }
    if (loc == nullptr) loc = Utf8Locale();
    uint32_t mapped = cp;
    if (loc != static_cast<locale_t>(0)) {
      mapped = static_cast<uint32_t>(kUpper ? towupper_l(static_cast<wint_t>(cp), loc)
                                            : towlower_l(static_cast<wint_t>(cp), loc));
    }
    if (mapped == cp) {
      out->append(s.substr(start, pos - start));
    } else {
      Encode(mapped, out);
    }
  }
}

}  // namespace

void AppendLower(std::string_view s, std::string* out) { AppendMapped<false>(s, out); }
void AppendUpper(std::string_view s, std::string* out) { AppendMapped<true>(s, out); }

}  // namespace copra::utf8
