#include "slt_runner.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "engine/database.h"
#include "engine/query_result.h"
#include "engine/session.h"
#include "slt_parser.h"
#include "slt_result.h"

namespace copra::slt {

namespace {

constexpr std::string_view kEngineName = "copra";

// sqllogictest text of one value: NULL, (empty), true/false, else the
// shell's rendering.
std::string RenderValue(const Column& column, int64_t row) {
  if (column.IsNull(row)) return "NULL";
  const Value value = column.GetValue(row);
  if (value.type().IsBoolean()) return value.GetBool() ? "true" : "false";
  std::string text = value.ToString();
  if (text.empty()) return "(empty)";
  return text;
}

// Checks the type letter of each result column: I integers, R floats,
// B booleans, T anything. A NULL-typed column fits every letter.
std::string CheckTypes(const std::string& types, const Schema& schema) {
  if (types.size() != schema.num_fields()) {
    return fmt::format("type string '{}' names {} column(s), the result has {}", types,
                       types.size(), schema.num_fields());
  }
  for (size_t c = 0; c < types.size(); ++c) {
    const LogicalType& type = schema.field(c).type;
    if (type.IsNull()) continue;
    const char letter = types[c];
    const bool fits = (letter == 'I' && type.IsInteger()) || (letter == 'R' && type.IsFloat()) ||
                      (letter == 'B' && type.IsBoolean()) || letter == 'T';
    if (!fits) {
      return fmt::format("column {} ('{}') is {}, but the type string says {}", c + 1,
                         schema.field(c).name, type.ToString(), letter);
    }
  }
  return "";
}

std::string ErrorText(const Status& status) {
  return fmt::format("{} (SQLSTATE {})", status.message(), status.sqlstate());
}

// The expected error matches `status`: "" matches any error, /re/ is a
// regex search, anything else a substring of "<message> (SQLSTATE xxxxx)".
bool ErrorMatches(const std::string& expected, const Status& status, std::string* problem) {
  if (expected.empty()) return true;
  const std::string actual = ErrorText(status);
  if (expected.size() >= 2 && expected.front() == '/' && expected.back() == '/') {
    try {
      return std::regex_search(actual, std::regex(expected.substr(1, expected.size() - 2)));
    } catch (const std::regex_error& e) {
      *problem = fmt::format("invalid regex {}: {}", expected, e.what());
      return false;
    }
  }
  return actual.find(expected) != std::string::npos;
}

Status Drain(QueryResult& result) {
  if (result.returns_rows()) {
    auto batches = result.FetchAll();
    if (!batches.ok()) return batches.status();
  }
  return Status::OK();
}

class FileRun {
 public:
  FileRun(const RunnerOptions& options, std::ostream& out, std::string display_path)
      : options_(options), out_(out), path_(std::move(display_path)) {}
  ~FileRun() {
    session_.reset();
    db_.reset();
    if (!temp_dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir_, ec);
    }
  }

  FileResult Run(const std::string& text);

 private:
  void Fail(const Record& record, const std::string& problem);
  // skipif/onlyif: the engine is "copra"; a --storage run is also "copra-storage".
  bool Applies(const Record& record) const {
    if (!options_.storage) return record.AppliesTo(kEngineName);
    for (const std::string& name : record.skip_if) {
      if (name == kEngineName || name == "copra-storage") return false;
    }
    for (const std::string& name : record.only_if) {
      if (name != kEngineName && name != "copra-storage") return false;
    }
    return true;
  }
  void RunStatement(const Record& record);
  void RunQuery(const Record& record);

  const RunnerOptions& options_;
  std::ostream& out_;
  std::string path_;
  std::string temp_dir_;  // data directory of a --storage run, removed at the end
  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
  std::map<std::string, std::vector<Row>> labels_;
  FileResult result_;
  bool record_failed_ = false;
};

void FileRun::Fail(const Record& record, const std::string& problem) {
  record_failed_ = true;
  out_ << fmt::format("{}\nFAIL {}:{}\n{}\n-- {}\n", std::string(72, '='), path_, record.line,
                      record.sql, problem);
  if (problem.empty() || problem.back() != '\n') out_ << '\n';
  out_.flush();
}

void FileRun::RunStatement(const Record& record) {
  const Status status = session_->ExecuteScript(record.sql, Drain);
  if (!record.expect_error) {
    if (!status.ok()) Fail(record, fmt::format("unexpected error: {}", ErrorText(status)));
    return;
  }
  if (status.ok()) {
    Fail(record, record.expected_error.empty()
                     ? "expected an error, but the statement succeeded"
                     : fmt::format("expected an error matching '{}', but the statement succeeded",
                                   record.expected_error));
    return;
  }
  std::string problem;
  if (!ErrorMatches(record.expected_error, status, &problem)) {
    if (problem.empty()) {
      problem = fmt::format("expected an error matching '{}'\n-- got: {}", record.expected_error,
                            ErrorText(status));
    }
    Fail(record, problem);
  }
}

void FileRun::RunQuery(const Record& record) {
  auto executed = session_->Execute(record.sql);
  if (!executed.ok()) {
    Fail(record, fmt::format("unexpected error: {}", ErrorText(executed.status())));
    return;
  }
  QueryResult& result = **executed;
  if (!result.returns_rows()) {
    Fail(record,
         fmt::format("query returned no result set (command tag {})", result.command_tag()));
    return;
  }
  if (std::string problem = CheckTypes(record.types, *result.schema()); !problem.empty()) {
    Fail(record, problem);
    return;
  }
  std::vector<Row> actual;
  while (true) {
    auto next = result.Next();
    if (!next.ok()) {
      Fail(record, fmt::format("unexpected error: {}", ErrorText(next.status())));
      return;
    }
    const BatchPtr& batch = *next;
    if (batch == nullptr) break;
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      Row row;
      row.reserve(batch->num_columns());
      for (size_t c = 0; c < batch->num_columns(); ++c)
        row.push_back(RenderValue(*batch->column(c), r));
      actual.push_back(std::move(row));
    }
  }

  if (!record.label.empty()) {
    auto it = labels_.find(record.label);
    if (it != labels_.end()) {
      std::string problem = CompareResults(record.types, record.sort_mode, it->second, actual);
      if (!problem.empty()) {
        Fail(record, fmt::format("result differs from label '{}': {}", record.label, problem));
        return;
      }
    } else {
      labels_[record.label] = actual;
    }
    // A labelled query without ---- only checks against the label.
    if (record.expected_line == 0) return;
  }
  if (HasMultilineValue(actual)) {
    // Compare as text lines: a multi-line value cannot be split into columns.
    ApplySortMode(record.sort_mode, &actual);
    std::vector<Row> expected;
    for (const std::string& line : record.expected_lines) expected.push_back(Row{line});
    std::string problem =
        CompareResults("T", SortMode::kNoSort, std::move(expected), ResultLines(actual));
    if (!problem.empty()) Fail(record, problem);
    return;
  }
  std::string problem = CompareResults(
      record.types, record.sort_mode, SplitExpectedRows(record.expected_lines, record.types.size()),
      std::move(actual));
  if (!problem.empty()) Fail(record, problem);
}

// A fresh directory per .slt file for the files its statements write;
// `__TEST_DIR__` in SQL text and expected output names it.
class TestDir {
 public:
  TestDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "copra-slt-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TestDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void ReplaceAll(std::string* s, std::string_view from, const std::string& to) {
  for (size_t p = s->find(from); p != std::string::npos; p = s->find(from, p + to.size())) {
    s->replace(p, from.size(), to);
  }
}

FileResult FileRun::Run(const std::string& text) {
  auto records = ParseSlt(text);
  if (!records.ok()) {
    out_ << fmt::format("{}:{}: parse error: {}\n", path_, records.status().position().line,
                        records.status().message());
    result_.failed = 1;
    return result_;
  }
  TestDir test_dir;
  constexpr std::string_view kTestDir = "__TEST_DIR__";
  if (test_dir.path().empty() && text.find(kTestDir) != std::string::npos) {
    out_ << fmt::format("{}: cannot create a temporary directory for __TEST_DIR__\n", path_);
    result_.failed = 1;
    return result_;
  }
  for (Record& record : *records) {
    ReplaceAll(&record.sql, kTestDir, test_dir.path());
    ReplaceAll(&record.expected_error, kTestDir, test_dir.path());
    for (std::string& line : record.expected_lines) ReplaceAll(&line, kTestDir, test_dir.path());
  }

  DatabaseOptions db_options;
  db_options.data_dir = "";
  if (options_.storage) {
    char tmpl[] = "/tmp/copra-slt-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      out_ << fmt::format("{}: cannot create a temporary data directory\n", path_);
      result_.failed = 1;
      return result_;
    }
    db_options.data_dir = tmpl;
    temp_dir_ = tmpl;
  }
  auto db = Database::Open(db_options);
  if (!db.ok()) {
    out_ << fmt::format("{}: cannot open an in-memory database: {}\n", path_,
                        ErrorText(db.status()));
    result_.failed = 1;
    return result_;
  }
  db_ = std::move(*db);
  session_ = db_->Connect();
  for (const auto& [name, value] : options_.settings) {
    if (Status st = session_->SetSetting(name, value); !st.ok()) {
      out_ << fmt::format("{}: cannot set {}={}: {}\n", path_, name, value, ErrorText(st));
      result_.failed = 1;
      return result_;
    }
  }

  bool skipping = false;  // between `mode skip` and `mode unskip`
  for (size_t i = 0; i < records->size(); ++i) {
    const Record& record = (*records)[i];
    if (record.kind == Record::Kind::kMode) {
      if (record.argument == "skip") skipping = true;
      if (record.argument == "unskip") skipping = false;
      continue;
    }
    if (!Applies(record) || skipping) {
      if (record.kind == Record::Kind::kStatement || record.kind == Record::Kind::kQuery) {
        ++result_.skipped;
      }
      continue;
    }
    if (record.kind == Record::Kind::kHalt) break;
    if (record.kind == Record::Kind::kRequire) {
      result_.skip_reason = fmt::format("requires '{}'", record.argument);
      for (size_t j = i + 1; j < records->size(); ++j) {
        const Record::Kind kind = (*records)[j].kind;
        if (kind == Record::Kind::kStatement || kind == Record::Kind::kQuery) ++result_.skipped;
      }
      break;
    }

    record_failed_ = false;
    const auto start = std::chrono::steady_clock::now();
    if (record.kind == Record::Kind::kStatement) {
      RunStatement(record);
    } else {
      RunQuery(record);
    }
    if (record_failed_) {
      ++result_.failed;
    } else {
      ++result_.passed;
    }
    if (options_.verbose) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      out_ << fmt::format("{}:{}: {} ({:.3f} ms)\n", path_, record.line,
                          record_failed_ ? "FAILED" : "ok", ms);
    }
  }
  return result_;
}

}  // namespace

FileResult SltRunner::RunFile(const std::string& path, const std::string& display_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out_ << fmt::format("{}: cannot read the file\n", display_path);
    FileResult result;
    result.failed = 1;
    return result;
  }
  std::stringstream text;
  text << in.rdbuf();
  FileRun run(options_, out_, display_path);
  return run.Run(text.str());
}

}  // namespace copra::slt
