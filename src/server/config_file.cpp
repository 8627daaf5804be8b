#include "server/config_file.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace copra {

namespace {

bool IsBareKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Cursor over one line; every method reports errors as plain messages and the
// caller adds "<path>:<line>".
class LineParser {
 public:
  explicit LineParser(std::string_view line) : rest_(line) {}

  void SkipSpaces() {
    while (!rest_.empty() && (rest_.front() == ' ' || rest_.front() == '\t'))
      rest_.remove_prefix(1);
  }
  bool AtEnd() {
    SkipSpaces();
    return rest_.empty() || rest_.front() == '#' || rest_ == "\r";
  }
  bool Consume(char c) {
    SkipSpaces();
    if (rest_.empty() || rest_.front() != c) return false;
    rest_.remove_prefix(1);
    return true;
  }
  char Peek() {
    SkipSpaces();
    return rest_.empty() ? '\0' : rest_.front();
  }

  // key = bare-key ('.' bare-key)*; quoted keys are not supported.
  Result<std::string> ParseKey() {
    std::string key;
    while (true) {
      SkipSpaces();
      size_t n = 0;
      while (n < rest_.size() && IsBareKeyChar(rest_[n])) ++n;
      if (n == 0) {
        return Status::InvalidArgument(
            rest_.empty() ? std::string("expected a key")
                          : fmt::format("expected a key (letters, digits, _ or -), found '{}'",
                                        rest_.front()));
      }
      key.append(rest_.substr(0, n));
      rest_.remove_prefix(n);
      if (!Consume('.')) return key;
      key.push_back('.');
    }
  }

  Result<ConfigValue> ParseValue() {
    SkipSpaces();
    if (rest_.empty() || rest_.front() == '#') return Status::InvalidArgument("expected a value");
    char c = rest_.front();
    if (c == '"') return ParseBasicString();
    if (c == '\'') return ParseLiteralString();
    if (c == '[' || c == '{') {
      return Status::InvalidArgument("arrays and inline tables are not supported");
    }
    size_t n = 0;
    while (n < rest_.size() && rest_[n] != ' ' && rest_[n] != '\t' && rest_[n] != '#') ++n;
    std::string_view word = Trim(rest_.substr(0, n));
    rest_.remove_prefix(n);
    ConfigValue value;
    if (word == "true" || word == "false") {
      value.kind = ConfigValue::Kind::kBool;
      value.bool_value = word == "true";
      return value;
    }
    return ParseNumber(word);
  }

 private:
  Result<ConfigValue> ParseBasicString() {
    rest_.remove_prefix(1);  // opening quote
    ConfigValue value;
    while (true) {
      if (rest_.empty()) {
        return Status::InvalidArgument("unterminated string (strings end on the same line)");
      }
      char c = rest_.front();
      rest_.remove_prefix(1);
      if (c == '"') return value;
      if (c != '\\') {
        value.string_value.push_back(c);
        continue;
      }
      if (rest_.empty()) return Status::InvalidArgument("unterminated string");
      char e = rest_.front();
      rest_.remove_prefix(1);
      switch (e) {
        case '"': value.string_value.push_back('"'); break;
        case '\\': value.string_value.push_back('\\'); break;
        case 'n': value.string_value.push_back('\n'); break;
        case 't': value.string_value.push_back('\t'); break;
        case 'r': value.string_value.push_back('\r'); break;
        default:
          return Status::InvalidArgument(
              fmt::format("unsupported escape \\{} in string (use \\\" \\\\ \\n \\t \\r, or a "
                          "'literal' string)",
                          e));
      }
    }
  }

  Result<ConfigValue> ParseLiteralString() {
    rest_.remove_prefix(1);
    size_t close = rest_.find('\'');
    if (close == std::string_view::npos) {
      return Status::InvalidArgument("unterminated string (strings end on the same line)");
    }
    ConfigValue value;
    value.string_value = std::string(rest_.substr(0, close));
    rest_.remove_prefix(close + 1);
    return value;
  }

  static Result<ConfigValue> ParseNumber(std::string_view word) {
    auto invalid = [&] {
      return Status::InvalidArgument(fmt::format(
          "invalid value '{}' (strings need quotes; numbers and true/false do not)", word));
    };
    if (word.empty()) return invalid();
    // TOML allows '_' between digits; drop them after checking placement.
    std::string digits;
    for (size_t i = 0; i < word.size(); ++i) {
      if (word[i] == '_') {
        bool ok = i > 0 && i + 1 < word.size() &&
                  std::isdigit(static_cast<unsigned char>(word[i - 1])) &&
                  std::isdigit(static_cast<unsigned char>(word[i + 1]));
        if (!ok) return invalid();
        continue;
      }
      digits.push_back(word[i]);
    }
    const char* begin = digits.data();
    const char* end = digits.data() + digits.size();
    if (*begin == '+') ++begin;  // from_chars rejects a leading '+'
    if (begin == end) return invalid();
    ConfigValue value;
    bool is_float = digits.find_first_of(".eE") != std::string::npos;
    if (!is_float) {
      auto [ptr, ec] = std::from_chars(begin, end, value.int_value);
      if (ec == std::errc::result_out_of_range) {
        return Status::InvalidArgument(fmt::format("integer {} is out of range", word));
      }
      if (ec != std::errc() || ptr != end) return invalid();
      value.kind = ConfigValue::Kind::kInteger;
      return value;
    }
    auto [ptr, ec] = std::from_chars(begin, end, value.float_value);
    if (ec != std::errc() || ptr != end) return invalid();
    value.kind = ConfigValue::Kind::kFloat;
    return value;
  }

  std::string_view rest_;
};

}  // namespace

const char* ConfigValue::KindName() const {
  switch (kind) {
    case Kind::kString: return "a string";
    case Kind::kInteger: return "an integer";
    case Kind::kFloat: return "a float";
    case Kind::kBool: return "a boolean";
  }
  return "value";
}

Status ConfigFile::ErrorAt(int line, std::string_view message) const {
  return Status::InvalidArgument(fmt::format("{}:{}: {}", path, line, message));
}

Result<ConfigFile> ParseConfigText(std::string_view text, const std::string& path) {
  ConfigFile file;
  file.path = path;
  std::string section;
  std::set<std::string> seen_keys;
  std::set<std::string> seen_sections;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;

    LineParser p(line);
    if (p.AtEnd()) continue;  // blank or comment

    auto fail = [&](const Status& st) { return file.ErrorAt(line_no, st.message()); };

    if (p.Peek() == '[') {
      p.Consume('[');
      if (p.Peek() == '[')
        return file.ErrorAt(line_no, "arrays of tables ([[...]]) are not supported");
      auto key = p.ParseKey();
      if (!key.ok()) return fail(key.status());
      if (!p.Consume(']')) return file.ErrorAt(line_no, "expected ']' after the section name");
      if (!p.AtEnd()) return file.ErrorAt(line_no, "unexpected text after the section header");
      if (!seen_sections.insert(*key).second) {
        return file.ErrorAt(line_no, fmt::format("section [{}] appears twice", *key));
      }
      section = *key;
      continue;
    }

    auto key = p.ParseKey();
    if (!key.ok()) return fail(key.status());
    if (!p.Consume('=')) {
      return file.ErrorAt(line_no, fmt::format("expected '=' after key \"{}\"", *key));
    }
    auto value = p.ParseValue();
    if (!value.ok()) return fail(value.status());
    if (!p.AtEnd()) {
      return file.ErrorAt(line_no, "unexpected text after the value (comments start with '#')");
    }
    std::string full_key = section.empty() ? *key : section + "." + *key;
    if (!seen_keys.insert(full_key).second) {
      return file.ErrorAt(line_no, fmt::format("key \"{}\" is set twice", full_key));
    }
    file.entries.push_back(ConfigEntry{full_key, std::move(*value), line_no});
  }
  return file;
}

Result<ConfigFile> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError(
        fmt::format("cannot read config file {}: {}", path, std::strerror(errno)));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return Status::IOError(fmt::format("cannot read config file {}", path));
  }
  return ParseConfigText(buffer.str(), path);
}

}  // namespace copra
