// CsvOptions: the dialect of a CSV file (RFC 4180 with PostgreSQL's COPY
// conventions): delimiter, quote character, NULL spelling, header line.
// Plain data.
#pragma once

#include <string>

namespace copra::csv {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  // An unquoted field equal to this is NULL; a quoted one never is. The
  // default "" makes empty unquoted fields NULL and "" the empty string.
  std::string null_string;
  // The first line names the columns (skipped when reading, written when
  // writing).
  bool header = false;
};

}  // namespace copra::csv
