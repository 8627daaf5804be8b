#include "cli/table_printer.h"

#include <fmt/format.h>

#include <algorithm>

namespace copra {

namespace {

// Decodes one UTF-8 code point at `text[*i]` and advances `*i`. Returns -1
// (consuming one byte) for an invalid or truncated sequence.
int32_t DecodeUtf8(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t b0 = byte(*i);
  int len;
  int32_t cp;
  if (b0 < 0x80) {
    ++*i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++*i;
    return -1;
  }
  if (*i + len > text.size()) {
    ++*i;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    const uint8_t b = byte(*i + k);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms and surrogates so the width stays honest.
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += len;
  return cp;
}

// Combining marks and zero-width characters (the common ranges).
bool IsZeroWidth(int32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0xFEFF;
}

// East Asian Wide/Fullwidth and emoji ranges, which terminals draw 2 wide.
bool IsWide(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int CodePointWidth(int32_t cp) {
  if (IsZeroWidth(cp)) return 0;
  return IsWide(cp) ? 2 : 1;
}

// Appends the printable form of one code point (or invalid byte `raw`).
// Returns its width.
int AppendEscaped(int32_t cp, std::string_view raw, std::string* out) {
  if (cp < 0) {
    *out += fmt::format("\\x{:02x}", static_cast<uint8_t>(raw[0]));
    return 4;
  }
  switch (cp) {
    case '\n': *out += "\\n"; return 2;
    case '\r': *out += "\\r"; return 2;
    case '\t': *out += "\\t"; return 2;
    default: break;
  }
  if (cp < 0x20 || cp == 0x7F) {
    *out += fmt::format("\\x{:02x}", cp);
    return 4;
  }
  if (cp >= 0x80 && cp <= 0x9F) {  // C1 controls move terminals around too
    *out += fmt::format("\\u{:04x}", cp);
    return 6;
  }
  out->append(raw);
  return CodePointWidth(cp);
}

bool IsRightAligned(const LogicalType& type) { return type.IsNumeric(); }

}  // namespace

std::string RowCountFooter(int64_t rows) {
  return rows == 1 ? "(1 row)" : fmt::format("({} rows)", rows);
}

int TablePrinter::DisplayWidth(std::string_view text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const int32_t cp = DecodeUtf8(text, &i);
    width += cp < 0 ? 1 : CodePointWidth(cp);
  }
  return width;
}

std::string TablePrinter::FormatCell(std::string_view text, int max_width) {
  std::string out;
  out.reserve(text.size());
  // (byte length of `out`, width so far) after each code point, so a cut
  // can fall back to the last point that leaves room for the ellipsis.
  size_t cut_bytes = 0;
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const int32_t cp = DecodeUtf8(text, &i);
    width += AppendEscaped(cp, text.substr(start, i - start), &out);
    if (max_width > 0 && width <= max_width - 1) cut_bytes = out.size();
    if (max_width > 0 && width > max_width) {
      out.resize(cut_bytes);
      out += "\u2026";
      return out;
    }
  }
  return out;
}

TablePrinter::TablePrinter(std::ostream& out, SchemaPtr schema, TablePrinterOptions options)
    : out_(out), schema_(std::move(schema)), options_(options) {
  const size_t n = schema_->num_fields();
  right_align_.resize(n);
  widths_.resize(n);
  for (size_t c = 0; c < n; ++c) {
    right_align_[c] = IsRightAligned(schema_->field(c).type);
    const std::string name = FormatCell(schema_->field(c).name, options_.max_value_width);
    widths_[c] = DisplayWidth(name);
  }
}

TablePrinter::Row TablePrinter::RenderRow(const Batch& batch, int64_t row) const {
  Row cells(batch.num_columns());
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    const Column& column = *batch.column(c);
    Cell& cell = cells[c];
    if (column.IsNull(row)) {
      cell.text = "NULL";
    } else {
      cell.text = FormatCell(column.GetValue(row).ToString(), options_.max_value_width);
    }
    cell.width = DisplayWidth(cell.text);
  }
  return cells;
}

void TablePrinter::AddBatch(const Batch& batch) {
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    Row row = RenderRow(batch, r);
    ++rows_;
    if (header_printed_) {
      PrintRow(row, /*header=*/false);
      continue;
    }
    for (size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], row[c].width);
    buffered_.push_back(std::move(row));
    if (static_cast<int64_t>(buffered_.size()) >= options_.max_buffered_rows) FlushBuffer();
  }
}

void TablePrinter::FlushBuffer() {
  if (!header_printed_ && !widths_.empty()) {
    Row header(widths_.size());
    for (size_t c = 0; c < widths_.size(); ++c) {
      header[c].text = FormatCell(schema_->field(c).name, options_.max_value_width);
      header[c].width = DisplayWidth(header[c].text);
    }
    PrintBorder();
    PrintRow(header, /*header=*/true);
    PrintBorder();
  }
  header_printed_ = true;
  for (const Row& row : buffered_) PrintRow(row, /*header=*/false);
  buffered_.clear();
  buffered_.shrink_to_fit();
}

void TablePrinter::Finish() {
  FlushBuffer();
  if (!widths_.empty()) PrintBorder();
  out_ << RowCountFooter(rows_) << '\n';
  out_.flush();
}

void TablePrinter::PrintBorder() {
  std::string line = "+";
  for (int w : widths_) {
    line.append(static_cast<size_t>(w) + 2, '-');
    line += '+';
  }
  line += '\n';
  out_ << line;
}

void TablePrinter::PrintRow(const Row& row, bool header) {
  std::string line = "|";
  for (size_t c = 0; c < row.size(); ++c) {
    const int pad = std::max(0, widths_[c] - row[c].width);
    line += ' ';
    if (right_align_[c] && !header) line.append(static_cast<size_t>(pad), ' ');
    line += row[c].text;
    if (!right_align_[c] || header) line.append(static_cast<size_t>(pad), ' ');
    line += " |";
  }
  line += '\n';
  out_ << line;
}

}  // namespace copra
