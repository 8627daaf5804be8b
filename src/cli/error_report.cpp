#include "cli/error_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "cli/table_printer.h"

namespace copra {

namespace {

// Longest source line shown whole; longer ones show a window around the
// error so the caret stays on screen.
constexpr size_t kMaxShownBytes = 160;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Moves `pos` back to the start of a UTF-8 character.
size_t CharBoundary(std::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && IsContinuationByte(s[pos])) --pos;
  return pos;
}

// Byte index of the `chars`-th (0-based) UTF-8 character of `line`.
size_t ByteOfCharacter(std::string_view line, int chars) {
  size_t i = 0;
  for (int c = 0; c < chars && i < line.size(); ++c) {
    ++i;
    while (i < line.size() && IsContinuationByte(line[i])) ++i;
  }
  return i;
}

// 1-based line of byte `offset` in `sql` (column in bytes), keeping the offset.
SourcePosition PositionOfOffset(std::string_view sql, size_t offset) {
  SourcePosition pos;
  pos.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < sql.size(); ++i) {
    if (sql[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  pos.column = static_cast<int>(offset - line_start) + 1;
  pos.offset = static_cast<int>(offset);
  return pos;
}

}  // namespace

std::string FormatSqlError(const Status& status, std::string_view sql, int64_t first_line) {
  std::string out = fmt::format("ERROR: {} (SQLSTATE {})\n", status.message(), status.sqlstate());

  // The byte offset is exact; line:column (column in characters) is the
  // fallback when no offset is known.
  SourcePosition pos = status.position();
  const bool use_offset = pos.offset >= 0 && static_cast<size_t>(pos.offset) <= sql.size();
  if (use_offset) {
    pos = PositionOfOffset(sql, static_cast<size_t>(pos.offset));
  } else if (!pos.IsKnown()) {
    return out;
  }

  // Find line `pos.line` of `sql`.
  size_t start = 0;
  for (int line = 1; line < pos.line; ++line) {
    const size_t nl = sql.find('\n', start);
    if (nl == std::string_view::npos) return out;  // position past the text
    start = nl + 1;
  }
  size_t end = sql.find('\n', start);
  if (end == std::string_view::npos) end = sql.size();
  std::string_view line = sql.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

  size_t caret = use_offset ? static_cast<size_t>(pos.offset) - start
                            : ByteOfCharacter(line, std::max(pos.column, 1) - 1);
  caret = std::min(caret, line.size());
  std::string prefix, suffix;
  if (line.size() > kMaxShownBytes) {
    size_t from = caret > kMaxShownBytes / 2 ? CharBoundary(line, caret - kMaxShownBytes / 2) : 0;
    size_t to = CharBoundary(line, std::min(line.size(), from + kMaxShownBytes));
    if (from > 0) prefix = "...";
    if (to < line.size()) suffix = "...";
    line = line.substr(from, to - from);
    caret -= from;
  }

  const std::string label = fmt::format("LINE {}: ", pos.line + first_line - 1);
  out += label;
  out += prefix;
  out.append(line);
  out += suffix;
  out += '\n';

  // Copy tabs so the caret lines up however the terminal expands them.
  std::string pad(label.size() + prefix.size(), ' ');
  size_t run = 0;  // start of the current tab-free run
  for (size_t i = 0; i <= caret; ++i) {
    if (i == caret || line[i] == '\t') {
      pad.append(static_cast<size_t>(TablePrinter::DisplayWidth(line.substr(run, i - run))), ' ');
      if (i < caret) pad += '\t';
      run = i + 1;
    }
  }
  out += pad;
  out += "^\n";
  return out;
}

}  // namespace copra
