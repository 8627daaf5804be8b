// SQL commands on the connection's own protocol objects, which therefore
// live in the wire protocol layer: cursors (a SQL cursor is a named portal;
// psycopg's server-side cursors send exactly these) and DEALLOCATE (drops
// named prepared statements; psycopg sends DEALLOCATE ALL):
//   DECLARE name [BINARY] [ASENSITIVE|INSENSITIVE] [[NO] SCROLL] CURSOR
//           [{WITH|WITHOUT} HOLD] FOR query
//   FETCH [NEXT | FORWARD [n | ALL] | n | ALL] [FROM | IN] name
//   MOVE  (same forms as FETCH; skips rows)
//   CLOSE name | CLOSE ALL
//   DEALLOCATE [PREPARE] name | ALL
// Only forward movement exists: BACKWARD, PRIOR, ABSOLUTE, RELATIVE, FIRST
// and LAST are kFeatureNotSupported. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra::pgwire {

struct CursorCommand {
  enum class Kind { kDeclare, kFetch, kMove, kClose, kDeallocate };
  Kind kind = Kind::kDeclare;
  std::string name;        // the cursor; empty for CLOSE ALL
  bool all = false;        // FETCH/MOVE ALL, CLOSE ALL
  int64_t count = 1;       // FETCH/MOVE: rows (when !all)
  bool binary = false;     // DECLARE ... BINARY: results in binary format
  bool with_hold = false;  // DECLARE ... WITH HOLD: survives COMMIT
  // DECLARE: `sql` with everything before the query blanked out (newlines
  // kept), so positions in errors still point into the original text.
  std::string query;
};

// Recognizes a cursor command in `sql` (a single statement, an optional
// trailing ';'). nullopt when `sql` is some other statement; an error when
// it is a malformed or unsupported cursor command.
Result<std::optional<CursorCommand>> ParseCursorCommand(std::string_view sql);

}  // namespace copra::pgwire
