#include "slt_result.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace copra::slt {

namespace {

// Rows shown per side in a mismatch message.
constexpr size_t kMaxRowsShown = 100;
constexpr double kFloatTolerance = 1e-9;

Row SplitAt(const std::string& line, char sep) {
  Row values;
  size_t start = 0;
  while (true) {
    const size_t end = line.find(sep, start);
    values.push_back(
        line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return values;
}

Row SplitSpaces(const std::string& line) {
  Row values;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) values.push_back(line.substr(start, i - start));
  }
  return values;
}

bool ParseDouble(const std::string& s, double* out) {
  if (s.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool ValuesEqual(const std::string& expected, const std::string& actual, bool is_float) {
  if (expected == actual) return true;
  if (!is_float) return false;
  double e, a;
  if (!ParseDouble(expected, &e) || !ParseDouble(actual, &a)) return false;
  if (!std::isfinite(e) || !std::isfinite(a)) return false;
  return std::fabs(e - a) <= kFloatTolerance * std::max({1.0, std::fabs(e), std::fabs(a)});
}

std::string Listing(const std::vector<Row>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < kMaxRowsShown; ++i) {
    out += JoinRow(rows[i]);
    out += '\n';
  }
  if (rows.size() > kMaxRowsShown)
    out += fmt::format("... ({} more rows)\n", rows.size() - kMaxRowsShown);
  if (rows.empty()) out += "(no rows)\n";
  return out;
}

}  // namespace

std::string JoinRow(const Row& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    out += row[i];
  }
  return out;
}

bool HasMultilineValue(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    for (const std::string& v : row) {
      if (v.find('\n') != std::string::npos) return true;
    }
  }
  return false;
}

std::vector<Row> ResultLines(const std::vector<Row>& rows) {
  std::vector<Row> lines;
  for (const Row& row : rows) {
    for (std::string& line : SplitAt(JoinRow(row), '\n')) {
      line.erase(line.find_last_not_of(" \t\r") + 1);
      lines.push_back(Row{std::move(line)});
    }
  }
  return lines;
}

std::vector<Row> SplitExpectedRows(const std::vector<std::string>& lines, size_t num_columns) {
  std::vector<Row> rows;
  if (num_columns <= 1) {
    for (const std::string& line : lines) rows.push_back(Row{line});
    return rows;
  }
  bool any_tab = false;
  bool all_split = true;
  for (const std::string& line : lines) {
    if (line.find('\t') != std::string::npos) {
      any_tab = true;
    } else if (SplitSpaces(line).size() != num_columns) {
      all_split = false;
    }
  }
  if (!any_tab && !all_split && lines.size() % num_columns == 0) {
    for (size_t i = 0; i < lines.size(); i += num_columns) {
      rows.emplace_back(lines.begin() + static_cast<std::ptrdiff_t>(i),
                        lines.begin() + static_cast<std::ptrdiff_t>(i + num_columns));
    }
    return rows;
  }
  for (const std::string& line : lines) {
    rows.push_back(line.find('\t') != std::string::npos ? SplitAt(line, '\t') : SplitSpaces(line));
  }
  return rows;
}

void ApplySortMode(SortMode mode, std::vector<Row>* rows) {
  switch (mode) {
    case SortMode::kNoSort: return;
    case SortMode::kRowSort: std::sort(rows->begin(), rows->end()); return;
    case SortMode::kValueSort: {
      std::vector<Row> values;
      for (Row& row : *rows) {
        for (std::string& v : row) values.push_back(Row{std::move(v)});
      }
      std::sort(values.begin(), values.end());
      *rows = std::move(values);
      return;
    }
  }
}

std::string CompareResults(const std::string& types, SortMode mode, std::vector<Row> expected,
                           std::vector<Row> actual) {
  ApplySortMode(mode, &expected);
  ApplySortMode(mode, &actual);
  const bool all_float = !types.empty() && types.find_first_not_of('R') == std::string::npos;

  std::string problem;
  if (expected.size() != actual.size()) {
    problem = fmt::format("expected {} rows, got {}", expected.size(), actual.size());
  }
  for (size_t r = 0; problem.empty() && r < expected.size(); ++r) {
    const Row& e = expected[r];
    const Row& a = actual[r];
    if (e.size() != a.size()) {
      problem = fmt::format("row {}: expected {} values, got {}", r + 1, e.size(), a.size());
      break;
    }
    for (size_t c = 0; c < e.size(); ++c) {
      const bool is_float =
          mode == SortMode::kValueSort ? all_float : (c < types.size() && types[c] == 'R');
      if (!ValuesEqual(e[c], a[c], is_float)) {
        problem =
            fmt::format("row {}, column {}: expected '{}', got '{}'", r + 1, c + 1, e[c], a[c]);
        break;
      }
    }
  }
  if (problem.empty()) return "";
  return fmt::format("{}\n-- expected:\n{}-- actual:\n{}", problem, Listing(expected),
                     Listing(actual));
}

}  // namespace copra::slt
