// CsvRecordScanner: splits CSV text held in memory into records of fields,
// without copying unquoted fields (they are views into the text).
//
// The grammar is CsvReader's, byte for byte, so both agree on every input
// (csv_record_scanner_test.cpp checks that on generated text): quoted
// fields may hold delimiters, doubled quotes and line breaks; records end
// at LF or CRLF; empty lines are skipped; an unquoted field equal to the
// options' null_string is NULL; a delimiter at the end of a line adds one
// empty field. Lines are counted as CsvReader counts them.
//
// The scanner works on a window of the text: `eof` says whether the
// window's end is the end of the file. When it is not, a record that
// reaches the end of the window is reported as incomplete, which is how
// the chunked reader finds where the last complete record of a block ends
// (a line break inside a quoted field is not a record end).
//
// Not thread-safe; one per thread. The views returned stay valid until the
// next call and while the text is alive.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/csv/csv_options.h"

namespace copra::csv {

// One field of a record: its text (quotes removed, doubled quotes undone)
// and whether it is NULL.
struct CsvFieldView {
  std::string_view text;
  bool is_null = false;
};

class CsvRecordScanner {
 public:
  enum class Outcome {
    kRecord,      // a record was read: fields(), record_line()
    kEnd,         // no record left before the end of the text
    kIncomplete,  // the next record runs past the end of a window that is not the file's end
    kError,       // malformed text: error(), error_line()
  };

  // `max_fields`: fields kept per record; more are counted (field_count())
  // but not kept.
  CsvRecordScanner(CsvOptions options, size_t max_fields);

  // Reads the record starting at `*pos` (skipping empty lines first) from
  // the text ending at `end`. On kRecord, *pos is past the record and
  // *line (the count of line breaks before *pos, 0-based) is advanced; on
  // kEnd, *pos == end. On kIncomplete and kError *pos and *line are left
  // where the record started.
  Outcome Next(const char** pos, const char* end, bool eof, int64_t* line);

  // Promises that the text given to Next holds no quote character and no
  // CR (the usual machine-written file), and that 64 bytes past `end` may
  // be read: separators are then found 64 bytes at a time. Same results.
  void set_plain(bool plain) { plain_ = plain; }

  // The record's fields (at most max_fields) and how many it had.
  const CsvFieldView* fields() const { return fields_.data(); }
  size_t field_count() const { return count_; }
  // 0-based line where the last record (or error) started / was found.
  int64_t record_line() const { return record_line_; }
  // kError: what is wrong (e.g. "unterminated quoted field") and the
  // 0-based line it is reported at (as CsvReader reports it).
  const std::string& error() const { return error_; }
  int64_t error_line() const { return error_line_; }

 private:
  Outcome Fail(int64_t line, const char* what);
  Outcome NextPlain(const char** pos, const char* end, bool eof, int64_t* line);
  // The next separator of the plain scan (consumed), or `end`.
  const char* NextSeparator(const char* end);

  CsvOptions options_;
  size_t max_fields_;
  bool plain_ = false;
  // Plain scan state: separators not yet consumed in the 64 bytes from
  // mask_base_; valid while the next call continues at next_pos_.
  const char* mask_base_ = nullptr;
  const char* mask_end_ = nullptr;
  const char* next_pos_ = nullptr;
  uint64_t mask_ = 0;
  bool is_special_[256] = {};  // delimiter, '\n', '\r': ends an unquoted run
  std::vector<CsvFieldView> fields_;
  std::vector<std::string> unescaped_;  // per field: text of quoted fields with doubled quotes
  size_t count_ = 0;
  int64_t record_line_ = 0;
  std::string error_;
  int64_t error_line_ = 0;
};

}  // namespace copra::csv
