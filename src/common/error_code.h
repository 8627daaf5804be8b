// Error codes for user-visible errors, each mapped to a PostgreSQL SQLSTATE
// so that pgwire clients (psql, psycopg, JDBC) classify them correctly.
#pragma once

namespace copra {

enum class ErrorCode {
  kOk,
  // Class 42: syntax error or access rule violation.
  kSyntaxError,          // 42601
  kUndefinedTable,       // 42P01
  kUndefinedColumn,      // 42703
  kUndefinedFunction,    // 42883
  kUndefinedObject,      // 42704 (types, scripts, users, ...)
  kDuplicateTable,       // 42P07
  kDuplicateColumn,      // 42701
  kDuplicateObject,      // 42710
  kDuplicateDatabase,    // 42P04
  kInvalidDatabase,      // 3D000 (unknown database)
  kAmbiguousColumn,      // 42702
  kDatatypeMismatch,     // 42804
  kGroupingError,        // 42803
  kInsufficientPrivilege,// 42501
  // Class 22: data exception.
  kDivisionByZero,       // 22012
  kNumericOverflow,      // 22003
  kInvalidText,          // 22P02 (invalid text representation)
  kInvalidDatetime,      // 22007
  kStringTooLong,        // 22001
  kNotNullViolation,     // 23502
  kUniqueViolation,      // 23505
  kInvalidParameter,     // 22023 (invalid parameter value)
  kCardinalityViolation, // 21000 (scalar subquery returned >1 row)
  // Others.
  kFeatureNotSupported,  // 0A000
  kInvalidArgument,      // 22023 as well; generic bad input
  kNotFound,             // 58P01-ish; generic "no such thing" outside SQL names
  kAlreadyExists,        // 42710
  kQueryCanceled,        // 57014
  kOutOfMemory,          // 53200
  kDiskFull,             // 53100
  kIoError,              // 58030
  kDataCorrupted,        // XX001
  kLockNotAvailable,     // 55P03
  kProtocolViolation,    // 08P01
  kPythonError,          // 38000 (external routine exception)
  kInternal,             // XX000
};

// The five-character SQLSTATE for `code` ("00000" for kOk).
const char* SqlState(ErrorCode code);

// A short stable name, e.g. "syntax_error"; used in logs and HTTP errors.
const char* ErrorCodeName(ErrorCode code);

}  // namespace copra
