// PostgreSQL frontend/backend protocol v3: the message type bytes and special
// request codes Copra understands, and the limits on incoming messages.
// Reference: PostgreSQL documentation, "Frontend/Backend Protocol" (chapter
// 55 of the PostgreSQL 15 manual). Constants only; no state.
#pragma once

#include <cstdint>

namespace copra::pgwire {

// Protocol version 3.0 in a StartupMessage.
inline constexpr int32_t kProtocolVersion3 = 196608;  // 3 << 16
// Special "versions" of the untyped first packet.
inline constexpr int32_t kCancelRequestCode = 80877102;
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;

// A startup packet (length included) larger than this is refused at once:
// PostgreSQL uses the same 10000-byte bound.
inline constexpr int32_t kMaxStartupPacketSize = 10000;

// Frontend (client → server) message types.
namespace frontend {
inline constexpr char kQuery = 'Q';
inline constexpr char kParse = 'P';
inline constexpr char kBind = 'B';
inline constexpr char kDescribe = 'D';
inline constexpr char kExecute = 'E';
inline constexpr char kSync = 'S';
inline constexpr char kClose = 'C';
inline constexpr char kFlush = 'H';
inline constexpr char kTerminate = 'X';
inline constexpr char kPassword = 'p';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kCopyFail = 'f';
inline constexpr char kFunctionCall = 'F';
}  // namespace frontend

// Backend (server → client) message types.
namespace backend {
inline constexpr char kAuthentication = 'R';
inline constexpr char kParameterStatus = 'S';
inline constexpr char kBackendKeyData = 'K';
inline constexpr char kReadyForQuery = 'Z';
inline constexpr char kRowDescription = 'T';
inline constexpr char kDataRow = 'D';
inline constexpr char kCommandComplete = 'C';
inline constexpr char kEmptyQueryResponse = 'I';
inline constexpr char kErrorResponse = 'E';
inline constexpr char kNoticeResponse = 'N';
inline constexpr char kParseComplete = '1';
inline constexpr char kBindComplete = '2';
inline constexpr char kCloseComplete = '3';
inline constexpr char kNoData = 'n';
inline constexpr char kParameterDescription = 't';
inline constexpr char kPortalSuspended = 's';
}  // namespace backend

// The transaction status ReadyForQuery reports.
enum class TransactionStatus : char {
  kIdle = 'I',         // not in a transaction block
  kInBlock = 'T',      // inside BEGIN ... COMMIT
  kFailedBlock = 'E',  // inside a block after an error; only ROLLBACK/COMMIT run
};

// Format codes of parameters and result columns.
inline constexpr int16_t kTextFormat = 0;
inline constexpr int16_t kBinaryFormat = 1;

}  // namespace copra::pgwire
