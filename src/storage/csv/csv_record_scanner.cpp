#include "storage/csv/csv_record_scanner.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace copra::csv {

CsvRecordScanner::CsvRecordScanner(CsvOptions options, size_t max_fields)
    : options_(std::move(options)),
      max_fields_(max_fields),
      fields_(max_fields),
      unescaped_(max_fields) {
  is_special_[static_cast<unsigned char>(options_.delimiter)] = true;
  is_special_[static_cast<unsigned char>('\n')] = true;
  is_special_[static_cast<unsigned char>('\r')] = true;
}

CsvRecordScanner::Outcome CsvRecordScanner::Fail(int64_t line, const char* what) {
  error_ = what;
  error_line_ = line;
  return Outcome::kError;
}

namespace {

// Bit i set: byte b[i] is the delimiter or '\n', for the 64 bytes from `b`
// (none at or past `end`). REQUIRES: 64 bytes from `b` may be read.
inline uint64_t SeparatorMask(const char* b, const char* end, char delim) {
  uint64_t m = 0;
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delim);
  const __m128i nl = _mm_set1_epi8('\n');
  for (int i = 0; i < 4; ++i) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16 * i));
    const unsigned bits = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, nl))));
    m |= static_cast<uint64_t>(bits) << (16 * i);
  }
#else
  for (int i = 0; i < 64; ++i) {
    if (b[i] == delim || b[i] == '\n') m |= uint64_t{1} << i;
  }
#endif
  if (end - b < 64) m &= (uint64_t{1} << (end - b)) - 1;
  return m;
}

}  // namespace

const char* CsvRecordScanner::NextSeparator(const char* end) {
  while (mask_ == 0) {
    mask_base_ += 64;
    if (mask_base_ >= end) {
      mask_base_ = end;
      return end;
    }
    mask_ = SeparatorMask(mask_base_, end, options_.delimiter);
  }
  const char* q = mask_base_ + __builtin_ctzll(mask_);
  mask_ &= mask_ - 1;
  return q;
}

// Next for text without quotes and CRs: a record is fields separated by the
// delimiter up to '\n' or the end; a delimiter before the end gives one
// more (empty) field, as in Next. The separators are found 64 bytes at a
// time and kept as a bit mask between calls.
CsvRecordScanner::Outcome CsvRecordScanner::NextPlain(const char** pos, const char* end, bool eof,
                                                      int64_t* line) {
  const char* p = *pos;
  int64_t ln = *line;
  if (p != next_pos_ || end != mask_end_) {
    mask_base_ = p;
    mask_end_ = end;
    mask_ = p < end ? SeparatorMask(p, end, options_.delimiter) : 0;
  }
  next_pos_ = nullptr;             // until a record is complete
  while (p < end && *p == '\n') {  // empty lines
    (void)NextSeparator(end);      // the '\n' at p
    ++p;
    ++ln;
  }
  if (p == end) {
    if (!eof) return Outcome::kIncomplete;
    *pos = p;
    *line = ln;
    return Outcome::kEnd;
  }
  record_line_ = ln;
  const std::string& null_string = options_.null_string;
  const bool null_is_empty = null_string.empty();
  CsvFieldView* fields = fields_.data();
  size_t count = 0;
  while (true) {
    const char* q = NextSeparator(end);
    if (q == end && !eof) return Outcome::kIncomplete;
    if (count < max_fields_) {
      // Member by member: a whole-struct temporary made the compiler store
      // it in halves and reload it at once (a store-forwarding stall).
      const size_t size = static_cast<size_t>(q - p);
      CsvFieldView& f = fields[count];
      f.text = std::string_view(p, size);
      f.is_null = null_is_empty
                      ? size == 0
                      : size == null_string.size() && std::memcmp(p, null_string.data(), size) == 0;
    }
    ++count;
    if (q == end) {
      p = end;
      break;
    }
    p = q + 1;
    if (*q == '\n') {
      ++ln;
      break;
    }
  }
  count_ = count;
  *pos = p;
  *line = ln;
  next_pos_ = p;
  return Outcome::kRecord;
}

CsvRecordScanner::Outcome CsvRecordScanner::Next(const char** pos, const char* end, bool eof,
                                                 int64_t* line) {
  if (plain_) return NextPlain(pos, end, eof, line);
  const char* p = *pos;
  int64_t ln = *line;
  const char delim = options_.delimiter;
  const char quote = options_.quote;
  // Empty lines (LF or CRLF) before the record.
  while (true) {
    if (p == end) {
      if (!eof) return Outcome::kIncomplete;
      *pos = p;
      *line = ln;
      return Outcome::kEnd;
    }
    if (*p == '\n') {
      ++p;
      ++ln;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == end) {
        if (!eof) return Outcome::kIncomplete;
        *pos = end;
        *line = ln + 1;  // CsvReader counts the lone CR at the end as a line
        return Outcome::kEnd;
      }
      if (p[1] == '\n') {
        p += 2;
        ++ln;
        continue;
      }
    }
    break;
  }
  record_line_ = ln;
  count_ = 0;
  auto keep = [this](std::string_view text, bool is_null) {
    if (count_ < max_fields_) fields_[count_] = CsvFieldView{text, is_null};
    ++count_;
  };
  // Fields; `p` is at the first byte of one (p < end).
  while (true) {
    int term;  // the byte that ended the field: the delimiter, '\n', or -1 at the end
    if (*p == quote) {
      const int64_t start_line = ln;
      const char* start = ++p;
      const char* close;
      bool doubled = false;
      while (true) {
        close = static_cast<const char*>(std::memchr(p, quote, static_cast<size_t>(end - p)));
        if (close == nullptr) {
          if (!eof) return Outcome::kIncomplete;
          return Fail(start_line, "unterminated quoted field");
        }
        ln += std::count(p, close, '\n');
        if (close + 1 == end) {
          if (!eof) return Outcome::kIncomplete;
          p = end;
          break;
        }
        if (close[1] == quote) {
          doubled = true;
          p = close + 2;
          continue;
        }
        p = close + 1;
        break;
      }
      std::string_view text(start, static_cast<size_t>(close - start));
      if (doubled && count_ < max_fields_) {
        std::string& out = unescaped_[count_];
        out.clear();
        for (size_t i = 0; i < text.size(); ++i) {
          out.push_back(text[i]);
          if (text[i] == quote) ++i;  // the second of a doubled quote
        }
        text = out;
      }
      if (p == end) {
        term = -1;
      } else if (*p == '\r') {
        if (p + 1 == end && !eof) return Outcome::kIncomplete;
        if (p + 1 == end || p[1] != '\n') return Fail(ln, "carriage return after a closing quote");
        p += 2;
        term = '\n';
      } else if (*p == delim || *p == '\n') {
        term = static_cast<unsigned char>(*p);
        ++p;
      } else {
        return Fail(ln, "unexpected character after a closing quote");
      }
      keep(text, false);
    } else {
      const char* start = p;
      std::string_view text;
      while (true) {
        while (p < end && !is_special_[static_cast<unsigned char>(*p)]) ++p;
        if (p == end) {
          if (!eof) return Outcome::kIncomplete;
          text = std::string_view(start, static_cast<size_t>(p - start));
          term = -1;
          break;
        }
        const char c = *p;
        if (c == '\r') {
          if (p + 1 == end) {
            if (!eof) return Outcome::kIncomplete;
            text = std::string_view(start, static_cast<size_t>(p - start));
            p = end;
            term = -1;
            break;
          }
          if (p[1] == '\n') {
            text = std::string_view(start, static_cast<size_t>(p - start));
            p += 2;
            term = '\n';
            break;
          }
          ++p;  // a lone CR belongs to the field
          continue;
        }
        text = std::string_view(start, static_cast<size_t>(p - start));
        term = static_cast<unsigned char>(c);
        ++p;
        break;
      }
      keep(text, text == options_.null_string);
    }
    if (term == static_cast<unsigned char>(delim)) {
      // A delimiter at the end of the line or file: one more, empty field.
      if (p == end) {
        if (!eof) return Outcome::kIncomplete;
        keep(std::string_view(), options_.null_string.empty());
        break;
      }
      if (*p == '\n' || *p == '\r') {
        if (*p == '\r') {
          // CsvReader takes the byte after the CR, whatever it is.
          if (p + 1 == end) {
            if (!eof) return Outcome::kIncomplete;
            p = end;
          } else {
            p += 2;
          }
        } else {
          ++p;
        }
        ++ln;
        keep(std::string_view(), options_.null_string.empty());
        break;
      }
      continue;
    }
    if (term == '\n') ++ln;
    break;
  }
  *pos = p;
  *line = ln;
  return Outcome::kRecord;
}

}  // namespace copra::csv
