// FormatSqlError: the shell's rendering of a failed statement, psql style:
//
//   ERROR: syntax error at or near "FROM" (SQLSTATE 42601)
//   LINE 1: SELECT FROM t;
//                  ^
//
// The LINE/caret part appears only when the Status carries a position inside
// `sql`, the text that was run: its byte offset when known, else line and
// column (1-based, column counted in characters, as the parser reports).
// `first_line` renumbers lines to the whole input (a script's line numbers);
// pass 1 to number them within `sql`. The caret is placed by display width,
// and tabs are copied so it lines up.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

// REQUIRES: !status.ok(). The result ends with a newline.
std::string FormatSqlError(const Status& status, std::string_view sql, int64_t first_line = 1);

}  // namespace copra
