#include "storage/csv/csv_record_scanner.h"

#include <algorithm>
#include <cstring>

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

CsvRecordScanner::Outcome CsvRecordScanner::Next(const char** pos, const char* end, bool eof,
                                                 int64_t* line) {
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
