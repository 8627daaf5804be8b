// The extended query protocol's objects: a named or unnamed prepared
// statement (Parse) and a portal (Bind: the statement with parameter values
// and result formats, and, once described or executed, its running result).
//
// Owned by one PgConnection; not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/prepared_statement.h"
#include "engine/query_result.h"
#include "server/pgwire/cursor_command.h"
#include "types/value.h"

namespace copra::pgwire {

struct PgStatement {
  std::shared_ptr<const PreparedStatement> prepared;
  // One OID per parameter: as declared in Parse, 0 where not declared.
  std::vector<uint32_t> parameter_oids;
  // Set for DECLARE/FETCH/MOVE/CLOSE; `prepared` is then DECLARE's query
  // (or an empty statement for the others).
  std::optional<CursorCommand> cursor;
};

struct Portal {
  std::shared_ptr<const PreparedStatement> prepared;
  std::vector<Value> parameters;
  // Result column format codes as given in Bind (0, 1 or one per column).
  std::vector<int16_t> result_formats;
  std::optional<CursorCommand> cursor;  // as in PgStatement
  // A SQL cursor (DECLARE): closed at the end of its transaction block
  // unless WITH HOLD.
  bool with_hold = false;

  // Set once the portal has started running (Describe or Execute).
  std::unique_ptr<QueryResult> result;
  // Rows of the current batch not yet sent (row-limited Execute).
  BatchPtr pending;
  int64_t pending_row = 0;
  bool finished = false;  // all rows sent (or the command ran)
};

// The format code of column `i` given Bind's result format list.
inline int16_t ResultFormat(const std::vector<int16_t>& formats, size_t i) {
  if (formats.empty()) return 0;
  if (formats.size() == 1) return formats[0];
  return i < formats.size() ? formats[i] : 0;
}

}  // namespace copra::pgwire
