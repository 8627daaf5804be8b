#include "slt_parser.h"

#include <fmt/format.h>

#include <algorithm>

namespace copra::slt {

namespace {

constexpr std::string_view kSeparator = "----";

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string_view Trim(std::string_view s) {
  s = TrimRight(s);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

bool IsBlank(std::string_view line) { return Trim(line).empty(); }

// Whitespace-separated words of `line`.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// The rest of `line` after its first `count` words (`statement error <text>`).
std::string_view AfterWords(std::string_view line, int count) {
  size_t i = 0;
  for (int w = 0; w < count; ++w) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
  }
  return Trim(line.substr(i));
}

class Parser {
 public:
  explicit Parser(std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines_.push_back(line);
      start = end + 1;
    }
    // A final newline does not start another line.
    if (!lines_.empty() && lines_.back().empty() && !text.empty() && text.back() == '\n') {
      lines_.pop_back();
    }
  }

  Result<std::vector<Record>> Parse();

 private:
  Status Error(size_t index, const std::string& message) const {
    return Status::SyntaxError(message, SourcePosition{static_cast<int>(index) + 1, 1, -1});
  }
  bool AtEnd() const { return pos_ >= lines_.size(); }
  // Lines from pos_ up to a blank line or (when `stop_at_separator`) a ----
  // line, which is left unconsumed.
  std::vector<std::string_view> TakeBlock(bool stop_at_separator) {
    std::vector<std::string_view> block;
    while (!AtEnd() && !IsBlank(lines_[pos_])) {
      if (stop_at_separator && TrimRight(lines_[pos_]) == kSeparator) break;
      block.push_back(lines_[pos_++]);
    }
    return block;
  }
  bool AtSeparator() const { return !AtEnd() && TrimRight(lines_[pos_]) == kSeparator; }

  Status ParseStatement(const std::vector<std::string_view>& words, Record* record);
  Status ParseQuery(const std::vector<std::string_view>& words, Record* record);
  Status TakeSql(Record* record);

  std::vector<std::string_view> lines_;
  size_t pos_ = 0;
};

std::string Join(const std::vector<std::string_view>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out.append(lines[i]);
  }
  return out;
}

Status Parser::TakeSql(Record* record) {
  const size_t start = pos_;
  std::vector<std::string_view> sql = TakeBlock(/*stop_at_separator=*/true);
  if (sql.empty()) return Error(start - 1, "record has no SQL");
  record->sql_line = static_cast<int>(start) + 1;
  record->sql = Join(sql);
  return Status::OK();
}

Status Parser::ParseStatement(const std::vector<std::string_view>& words, Record* record) {
  const size_t command = pos_ - 1;
  if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
    return Error(command, "expected 'statement ok' or 'statement error'");
  }
  record->kind = Record::Kind::kStatement;
  record->expect_error = words[1] == "error";
  if (!record->expect_error && words.size() > 2) {
    return Error(command, fmt::format("unexpected text after 'statement ok': {}",
                                      AfterWords(lines_[command], 2)));
  }
  record->expected_error = std::string(AfterWords(lines_[command], 2));
  COPRA_RETURN_NOT_OK(TakeSql(record));
  if (AtSeparator()) {
    if (!record->expect_error) return Error(pos_, "'----' after 'statement ok'");
    if (!record->expected_error.empty()) {
      return Error(pos_, "expected error given both on the statement line and after '----'");
    }
    ++pos_;
    record->expected_error = Join(TakeBlock(/*stop_at_separator=*/false));
  }
  return Status::OK();
}

Status Parser::ParseQuery(const std::vector<std::string_view>& words, Record* record) {
  const size_t command = pos_ - 1;
  record->kind = Record::Kind::kQuery;
  if (words.size() < 2) return Error(command, "query needs a type string, e.g. 'query IT'");
  record->types = std::string(words[1]);
  for (char c : record->types) {
    if (c != 'I' && c != 'R' && c != 'T' && c != 'B') {
      return Error(command, fmt::format("unknown column type '{}' in '{}' (use I, R, T or B)", c,
                                        record->types));
    }
  }
  if (words.size() >= 3) {
    if (words[2] == "nosort") {
      record->sort_mode = SortMode::kNoSort;
    } else if (words[2] == "rowsort") {
      record->sort_mode = SortMode::kRowSort;
    } else if (words[2] == "valuesort") {
      record->sort_mode = SortMode::kValueSort;
    } else {
      return Error(command, fmt::format("unknown sort mode '{}' (use nosort, rowsort or valuesort)",
                                        words[2]));
    }
  }
  if (words.size() >= 4) record->label = std::string(words[3]);
  if (words.size() > 4) return Error(command, "too many words on the query line");
  COPRA_RETURN_NOT_OK(TakeSql(record));
  if (AtSeparator()) {
    ++pos_;
    record->expected_line = static_cast<int>(pos_) + 1;
    for (std::string_view line : TakeBlock(/*stop_at_separator=*/false)) {
      record->expected_lines.emplace_back(TrimRight(line));
    }
  }
  return Status::OK();
}

Result<std::vector<Record>> Parser::Parse() {
  std::vector<Record> records;
  std::vector<std::string> skip_if, only_if;
  while (!AtEnd()) {
    const std::string_view line = lines_[pos_];
    if (IsBlank(line) || Trim(line).front() == '#') {
      ++pos_;
      continue;
    }
    const size_t command = pos_++;
    const std::vector<std::string_view> words = Words(line);
    const std::string_view name = words[0];
    if (name == "skipif" || name == "onlyif") {
      if (words.size() != 2) return Error(command, fmt::format("'{}' needs one engine name", name));
      (name == "skipif" ? skip_if : only_if).emplace_back(words[1]);
      continue;
    }
    if (name == "hash-threshold") {
      skip_if.clear();
      only_if.clear();
      continue;
    }
    Record record;
    record.line = static_cast<int>(command) + 1;
    record.skip_if = std::move(skip_if);
    record.only_if = std::move(only_if);
    skip_if.clear();
    only_if.clear();
    if (name == "statement") {
      COPRA_RETURN_NOT_OK(ParseStatement(words, &record));
    } else if (name == "query") {
      COPRA_RETURN_NOT_OK(ParseQuery(words, &record));
    } else if (name == "halt") {
      record.kind = Record::Kind::kHalt;
    } else if (name == "mode" || name == "require") {
      if (words.size() != 2) return Error(command, fmt::format("'{}' needs one argument", name));
      record.kind = name == "mode" ? Record::Kind::kMode : Record::Kind::kRequire;
      record.argument = std::string(words[1]);
    } else {
      return Error(command, fmt::format("unknown command '{}'", name));
    }
    records.push_back(std::move(record));
  }
  if (!skip_if.empty() || !only_if.empty()) {
    return Error(lines_.size() - 1, "skipif/onlyif at the end of the file applies to nothing");
  }
  return records;
}

}  // namespace

bool Record::AppliesTo(std::string_view engine) const {
  if (std::find(skip_if.begin(), skip_if.end(), engine) != skip_if.end()) return false;
  for (const std::string& only : only_if) {
    if (only != engine) return false;
  }
  return true;
}

Result<std::vector<Record>> ParseSlt(std::string_view text) { return Parser(text).Parse(); }

}  // namespace copra::slt
