// CsvReader: streams records (lists of fields) from a CSV file, front to
// back. COPY reads files with ParallelCsvReader (parallel_csv_reader.h),
// whose record scanner follows this grammar byte for byte; this reader is
// the reference its tests compare against.
//
// Quoted fields may contain delimiters, doubled quotes and line breaks;
// records end at LF or CRLF; completely empty lines are skipped. Malformed
// input (an unterminated quote, text after a closing quote) is a
// kInvalidText error naming the file and line. Single-threaded; owns the
// open file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/csv/csv_options.h"

namespace copra::csv {

struct CsvField {
  std::string text;
  bool quoted = false;
  // NULL: unquoted and equal to the options' null_string.
  bool is_null = false;
};

class CsvReader {
 public:
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, CsvOptions options);
  ~CsvReader();

  // Reads the next record into *fields (resized to the record's field
  // count); returns false at the end of the file. *line is the 1-based line
  // where the record starts.
  Result<bool> Next(std::vector<CsvField>* fields, int64_t* line);

  const std::string& path() const { return path_; }

 private:
  CsvReader(std::string path, std::FILE* file, CsvOptions options)
      : path_(std::move(path)), file_(file), options_(std::move(options)) {}
  int Get();
  Status Error(int64_t line, const std::string& what) const;

  std::string path_;
  std::FILE* file_;
  CsvOptions options_;
  int64_t line_ = 1;  // current line
  std::vector<char> buffer_;
  size_t buffer_pos_ = 0;
  size_t buffer_len_ = 0;
  bool read_error_ = false;  // a read failed (reported by the next Next)
};

}  // namespace copra::csv
