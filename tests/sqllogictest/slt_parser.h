// Parser for sqllogictest files (.slt), the SQLite format with the DuckDB
// extensions Copra uses. See tests/sql/README.md for the format as written.
//
// A file is a sequence of records separated by blank lines:
//
//   statement ok | statement error [text | /regex/]
//   <sql lines>
//   [----
//    <expected error text lines>]          (statement error, DuckDB style)
//
//   query <types> [nosort|rowsort|valuesort] [label]
//   <sql lines>
//   ----
//   <expected result lines>
//
// plus one-line records `halt`, `mode <word>`, `require <name>` and
// `hash-threshold <n>` (ignored), `skipif <engine>` / `onlyif <engine>`
// lines that apply to the record after them, and `#` comment lines between
// records.
//
// Pure text processing: no engine dependency, so it is unit-tested alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra::slt {

enum class SortMode { kNoSort, kRowSort, kValueSort };

struct Record {
  enum class Kind { kStatement, kQuery, kHalt, kMode, kRequire };

  Kind kind = Kind::kStatement;
  // 1-based line of the record's command line (after any skipif/onlyif).
  int line = 0;
  // Engines named by `skipif` / `onlyif` lines before the record.
  std::vector<std::string> skip_if;
  std::vector<std::string> only_if;

  // kStatement and kQuery: the SQL, lines joined with '\n'.
  std::string sql;
  // 1-based line where the SQL starts.
  int sql_line = 0;

  // kStatement: `statement error`; expected_error is the text that must
  // occur in the error ("" = any error). A /regex/ keeps its slashes.
  bool expect_error = false;
  std::string expected_error;

  // kQuery: one letter per result column (I integer, R float, T text,
  // B boolean), sort mode, optional label, and the expected result lines.
  std::string types;
  SortMode sort_mode = SortMode::kNoSort;
  std::string label;
  std::vector<std::string> expected_lines;
  // 1-based line of the first expected line (the one after ----).
  int expected_line = 0;

  // kMode and kRequire: the word after the command.
  std::string argument;

  // True when the record should run on `engine` given skipif/onlyif.
  bool AppliesTo(std::string_view engine) const;
};

// Parses a whole file. A malformed record is a kSyntaxError whose position
// names its line.
Result<std::vector<Record>> ParseSlt(std::string_view text);

}  // namespace copra::slt
