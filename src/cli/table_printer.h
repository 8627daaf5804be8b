// TablePrinter: renders a row-returning result as an aligned box table, the
// way `copra shell` shows it:
//
//   +------+-------+
//   | two  | name  |
//   +------+-------+
//   |    2 | hello |
//   | NULL | NULL  |
//   +------+-------+
//   (2 rows)
//
// Numbers are right-aligned, everything else left-aligned; NULL prints as
// NULL; control characters inside values (newlines, tabs, ...) are escaped
// (\n, \t, \x01) so every row stays on one line.
//
// Streaming: column widths need the rows, so the first `max_buffered_rows`
// rows are buffered; once the buffer is full (or at Finish) the widths are
// fixed and printed, and every later row is printed as it arrives with
// those widths (a longer later value widens its own line only).
//
// Usage: construct with the result schema, AddBatch() each batch, then
// Finish() once. Not thread-safe; writes only to `out`.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "vector/batch.h"

namespace copra {

struct TablePrinterOptions {
  // Values wider than this (in terminal columns) are cut and end in an
  // ellipsis; 0 = never truncate (scripts and pipes must see full values).
  int max_value_width = 0;
  // Rows buffered to compute column widths before printing starts.
  int64_t max_buffered_rows = 10000;
};

class TablePrinter {
 public:
  TablePrinter(std::ostream& out, SchemaPtr schema, TablePrinterOptions options = {});

  // Adds the rows of `batch`, whose schema matches the constructor's.
  void AddBatch(const Batch& batch);
  // Prints whatever is still buffered, the bottom border and the footer
  // "(N rows)". Call exactly once, after the last batch.
  void Finish();

  int64_t rows() const { return rows_; }

  // Terminal columns taken by UTF-8 `text`: wide East Asian characters
  // count 2, combining marks 0, everything else 1 per code point.
  static int DisplayWidth(std::string_view text);
  // `text` with control characters escaped; then cut to `max_width`
  // columns with a trailing "…" when longer (max_width 0 = no limit).
  static std::string FormatCell(std::string_view text, int max_width);

 private:
  struct Cell {
    std::string text;
    int width = 0;
  };
  using Row = std::vector<Cell>;

  Row RenderRow(const Batch& batch, int64_t row) const;
  void FlushBuffer();
  void PrintBorder();
  void PrintRow(const Row& row, bool header);

  std::ostream& out_;
  SchemaPtr schema_;
  TablePrinterOptions options_;
  std::vector<bool> right_align_;
  std::vector<int> widths_;
  std::vector<Row> buffered_;
  bool header_printed_ = false;
  int64_t rows_ = 0;
};

// "(1 row)" or "(N rows)".
std::string RowCountFooter(int64_t rows);

}  // namespace copra
