// ErrorResponse and NoticeResponse messages from a Status.
//
// Fields sent: S and V (severity), C (SQLSTATE of the status' ErrorCode), M
// (message) and, when the status has a SQL position and the query text is
// known, P: the 1-based character position in the query string, which psql
// turns into "LINE 1: ..." with a caret. Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "server/pgwire/message_writer.h"

namespace copra::pgwire {

// "ERROR" for statement errors, "FATAL" for errors that end the connection.
enum class Severity { kError, kFatal, kWarning, kNotice };

// Appends an ErrorResponse for `status` (REQUIRES: !status.ok()); `sql` is
// the query the position refers to (may be empty).
void WriteErrorResponse(MessageWriter& w, const Status& status, std::string_view sql,
                        Severity severity = Severity::kError);

// Appends an ErrorResponse with an explicit SQLSTATE, for protocol-level
// errors that have no engine ErrorCode (25P02, 26000, 34000, 53300, 57P01...).
void WriteErrorResponse(MessageWriter& w, Severity severity, const char* sqlstate,
                        std::string_view message);

// Appends a NoticeResponse with `message` and SQLSTATE `sqlstate`.
void WriteNotice(MessageWriter& w, Severity severity, const char* sqlstate,
                 std::string_view message);

// The 1-based character position of `pos` in `sql` (UTF-8 characters), or
// 0 when unknown or outside the text.
int CharacterPosition(std::string_view sql, const SourcePosition& pos);

}  // namespace copra::pgwire
