#include "ingest/line_protocol.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "types/plain_decimal.h"

namespace copra {

namespace {

// What a byte means to ReadName.
constexpr uint8_t kEnds = 1;       // ends any name: ',' ' ' and line ends
constexpr uint8_t kEquals = 2;     // ends a key
constexpr uint8_t kBackslash = 4;  // may start an escape
constexpr uint8_t kValueEnd = 8;   // ends an unquoted field value or a timestamp
constexpr std::array<uint8_t, 256> MakeByteClass() {
  std::array<uint8_t, 256> t{};
  t[','] = t[' '] = t['\n'] = t['\r'] = kEnds;
  t['='] = kEquals;
  t['\\'] = kBackslash;
  t[','] |= kValueEnd;
  t[' '] |= kValueEnd;
  t['\t'] |= kValueEnd;
  t['\n'] |= kValueEnd;
  t['\r'] |= kValueEnd;
  return t;
}
constexpr std::array<uint8_t, 256> kByteClass = MakeByteClass();

class LineParser {
 public:
  LineParser(std::string_view body, int64_t precision_nanos, int64_t default_time_ns)
      : s_(body), precision_(precision_nanos), default_time_(default_time_ns) {}

  LineProtocolResult Run() {
    // Room for every line, sized from the first point's tags and fields.
    const size_t lines = static_cast<size_t>(std::count(s_.begin(), s_.end(), '\n')) + 1;
    out_.points.reserve(lines);
    bool reserved = false;
    while (pos_ < s_.size()) {
      SkipBlanks();
      if (pos_ >= s_.size()) break;
      if (s_[pos_] == '\r') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '\n') {
        ++pos_;
        ++line_;
        continue;
      }
      if (s_[pos_] == '#') {
        SkipToLineEnd();
        continue;
      }
      const int start_line = line_;
      LinePoint point;
      point.line = start_line;
      point.tags_begin = point.tags_end = static_cast<uint32_t>(out_.tag_list.size());
      point.fields_begin = point.fields_end = static_cast<uint32_t>(out_.field_list.size());
      std::string error;
      if (ParsePoint(&point, &error)) {
        out_.points.push_back(point);
        if (!reserved) {
          reserved = true;
          out_.tag_list.reserve(lines * (point.tags_end - point.tags_begin));
          out_.field_list.reserve(lines * (point.fields_end - point.fields_begin));
        }
      } else {
        // Forget the failed point's tags and fields.
        out_.tag_list.resize(point.tags_begin);
        out_.field_list.resize(point.fields_begin);
        out_.errors.push_back(LineError{start_line, std::move(error)});
        SkipToLineEnd();
      }
    }
    return std::move(out_);
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }
  static bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

  void SkipBlanks() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
  }
  void SkipToLineEnd() {
    while (!AtEnd() && Peek() != '\n') ++pos_;
    if (!AtEnd()) {
      ++pos_;
      ++line_;
    }
  }

  // Reads up to an unescaped ',' or ' ' (or '=' when `is_key`) or a line
  // end; `\x` for x in `escapable` yields x, any other backslash is kept. A
  // view into the body unless there was an escape to resolve.
  std::string_view ReadName(bool is_key, std::string_view escapable) {
    const size_t start = pos_;
    const uint8_t stop = is_key ? (kEnds | kEquals) : kEnds;
    while (!AtEnd()) {
      const uint8_t k = kByteClass[static_cast<unsigned char>(Peek())];
      if (k == 0) {
        ++pos_;
        continue;
      }
      if (k & stop) break;
      if ((k & kBackslash) && pos_ + 1 < s_.size() &&
          escapable.find(s_[pos_ + 1]) != std::string_view::npos) {
        return ReadEscapedName(start, stop, escapable);
      }
      ++pos_;
    }
    return s_.substr(start, pos_ - start);
  }

  // ReadName's slow path from `start`, copying into the result's storage.
  std::string_view ReadEscapedName(size_t start, uint8_t stop, std::string_view escapable) {
    std::string& out = out_.unescaped.emplace_back(s_.substr(start, pos_ - start));
    while (!AtEnd()) {
      char c = Peek();
      if (kByteClass[static_cast<unsigned char>(c)] & stop) break;
      if (c == '\\' && pos_ + 1 < s_.size() &&
          escapable.find(s_[pos_ + 1]) != std::string_view::npos) {
        out.push_back(s_[pos_ + 1]);
        pos_ += 2;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    return out;
  }

  bool Fail(std::string* error, std::string message) {
    *error = std::move(message);
    return false;
  }

  bool ParsePoint(LinePoint* p, std::string* error) {
    p->measurement = ReadName(false, ", \\");
    if (p->measurement.empty()) return Fail(error, "missing measurement");
    while (!AtEnd() && Peek() == ',') {
      ++pos_;
      std::string_view key = ReadName(true, ",= \\");
      if (AtEnd() || Peek() != '=') {
        return Fail(error, "tag \"" + std::string(key) + "\" has no value (expected key=value)");
      }
      ++pos_;
      std::string_view value = ReadName(false, ",= \\");
      if (key.empty()) return Fail(error, "empty tag key");
      if (value.empty()) return Fail(error, "tag \"" + std::string(key) + "\" has an empty value");
      out_.tag_list.push_back(LineTag{key, value});
    }
    p->tags_end = static_cast<uint32_t>(out_.tag_list.size());
    if (AtEnd() || Peek() != ' ') return Fail(error, "missing fields");
    SkipBlanks();
    uint64_t seen_keys = 0;  // filter of the field keys read so far
    while (true) {
      if (AtEnd() || IsLineEnd(Peek())) return Fail(error, "missing fields");
      std::string_view key = ReadName(true, ",= \\");
      if (AtEnd() || Peek() != '=') {
        return Fail(error, "field \"" + std::string(key) + "\" has no value (expected key=value)");
      }
      if (key.empty()) return Fail(error, "empty field key");
      ++pos_;
      LineField field;
      field.key = key;
      if (!ParseFieldValue(&field, error)) return false;
      bool replaced = false;
      // A repeated key is looked for only when a key of the same size, last
      // and middle byte came before in this point (a 64-bit filter): most
      // points have none, and the search is quadratic.
      const uint64_t bit = uint64_t{1}
                           << ((key.size() * 7 + static_cast<unsigned char>(key.back()) * 3 +
                                static_cast<unsigned char>(key[key.size() / 2])) &
                               63);
      if (seen_keys & bit) {
        for (size_t i = p->fields_begin; i < out_.field_list.size(); ++i) {
          if (out_.field_list[i].key == key) {
            out_.field_list[i] = field;  // the last value of a repeated key wins
            replaced = true;
          }
        }
      }
      seen_keys |= bit;
      if (!replaced) out_.field_list.push_back(field);
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        continue;
      }
      break;
    }
    p->fields_end = static_cast<uint32_t>(out_.field_list.size());
    SkipBlanks();
    p->timestamp_ns = default_time_;
    if (!AtEnd() && !IsLineEnd(Peek())) {
      size_t start = pos_;
      while (!AtEnd() && Peek() != ' ' && Peek() != '\t' && !IsLineEnd(Peek())) ++pos_;
      std::string_view text = s_.substr(start, pos_ - start);
      int64_t ts = 0;
      if (!ParseTimestampDigits(text, &ts)) {
        return Fail(error, "invalid timestamp \"" + std::string(text) + "\"");
      }
      if (__builtin_mul_overflow(ts, precision_, &p->timestamp_ns)) {
        return Fail(error, "timestamp " + std::string(text) + " is out of range");
      }
      SkipBlanks();
    }
    if (!AtEnd() && Peek() == '\r') ++pos_;
    if (!AtEnd() && Peek() != '\n') {
      return Fail(error, "unexpected text after the timestamp");
    }
    if (!AtEnd()) {
      ++pos_;
      ++line_;
    }
    return true;
  }

  // Decimal digits with an optional '-' (from_chars' rules for int64_t).
  static bool ParseTimestampDigits(std::string_view text, int64_t* out) {
    if (!text.empty() && text.size() <= 19 && text[0] != '-') {
      // Up to 19 digits fit in a uint64_t: no from_chars call.
      uint64_t v = 0;
      for (char c : text) {
        const unsigned d = static_cast<unsigned char>(c) - '0';
        if (d > 9) return false;
        v = v * 10 + d;
      }
      if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
      *out = static_cast<int64_t>(v);
      return true;
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size();
  }

  bool ParseFieldValue(LineField* f, std::string* error) {
    if (AtEnd()) return Fail(error, "field \"" + std::string(f->key) + "\" has no value");
    if (Peek() == '"') {
      ++pos_;
      f->type = LineFieldType::kString;
      const size_t start = pos_;
      std::string* copy = nullptr;  // set at the first escape
      while (true) {
        if (AtEnd()) {
          return Fail(error, "unterminated string in field \"" + std::string(f->key) + "\"");
        }
        char c = Peek();
        if (c == '"') {
          f->string_value =
              copy != nullptr ? std::string_view(*copy) : s_.substr(start, pos_ - start);
          ++pos_;
          return true;
        }
        if (c == '\\' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '"' || s_[pos_ + 1] == '\\')) {
          if (copy == nullptr) copy = &out_.unescaped.emplace_back(s_.substr(start, pos_ - start));
          copy->push_back(s_[pos_ + 1]);
          pos_ += 2;
          continue;
        }
        if (c == '\n') ++line_;
        if (copy != nullptr) copy->push_back(c);
        ++pos_;
      }
    }
    size_t start = pos_;
    while (!AtEnd() && !(kByteClass[static_cast<unsigned char>(Peek())] & kValueEnd)) ++pos_;
    std::string_view v = s_.substr(start, pos_ - start);
    if (v.empty()) return Fail(error, "field \"" + std::string(f->key) + "\" has no value");
    auto bad = [&](const char* what) {
      return Fail(error, "invalid " + std::string(what) + " value \"" + std::string(v) +
                             "\" for field \"" + std::string(f->key) + "\"");
    };
    if (v == "t" || v == "T" || v == "true" || v == "True" || v == "TRUE") {
      f->type = LineFieldType::kBoolean;
      f->bool_value = true;
      return true;
    }
    if (v == "f" || v == "F" || v == "false" || v == "False" || v == "FALSE") {
      f->type = LineFieldType::kBoolean;
      f->bool_value = false;
      return true;
    }
    const char* first = v.data();
    const char* last = v.data() + v.size();
    if (v.back() == 'i') {
      f->type = LineFieldType::kInteger;
      auto [end, ec] = std::from_chars(first, last - 1, f->int_value);
      if (ec != std::errc() || end != last - 1) return bad("integer");
      return true;
    }
    if (v.back() == 'u') {
      f->type = LineFieldType::kUnsigned;
      auto [end, ec] = std::from_chars(first, last - 1, f->uint_value);
      if (ec != std::errc() || end != last - 1) return bad("unsigned integer");
      return true;
    }
    f->type = LineFieldType::kFloat;
    if (ParsePlainDecimal(v, &f->float_value)) return true;  // the usual "31.84"
    const char* begin = first;
    if (*begin == '+') ++begin;  // from_chars does not take a leading '+'
    auto [end, ec] = std::from_chars(begin, last, f->float_value);
    if (ec != std::errc() || end != last || !std::isfinite(f->float_value)) return bad("float");
    return true;
  }

  std::string_view s_;
  LineProtocolResult out_;
  size_t pos_ = 0;
  int line_ = 1;
  int64_t precision_;
  int64_t default_time_;
};

}  // namespace

Result<int64_t> LinePrecisionNanos(std::string_view precision) {
  if (precision.empty() || precision == "ns" || precision == "n") return int64_t{1};
  if (precision == "us" || precision == "u") return int64_t{1000};
  if (precision == "ms") return int64_t{1000000};
  if (precision == "s") return int64_t{1000000000};
  if (precision == "m") return int64_t{60} * 1000000000;
  if (precision == "h") return int64_t{3600} * 1000000000;
  return Status::InvalidArgument("unknown precision \"" + std::string(precision) +
                                 "\" (expected ns, us, ms, s, m or h)");
}

LineProtocolResult ParseLineProtocol(std::string_view body, int64_t precision_nanos,
                                     int64_t default_time_ns) {
  return LineParser(body, precision_nanos, default_time_ns).Run();
}

}  // namespace copra
