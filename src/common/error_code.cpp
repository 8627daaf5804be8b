#include "common/error_code.h"

namespace copra {

const char* SqlState(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "00000";
    case ErrorCode::kSyntaxError: return "42601";
    case ErrorCode::kUndefinedTable: return "42P01";
    case ErrorCode::kUndefinedColumn: return "42703";
    case ErrorCode::kUndefinedFunction: return "42883";
    case ErrorCode::kUndefinedObject: return "42704";
    case ErrorCode::kDuplicateTable: return "42P07";
    case ErrorCode::kDuplicateColumn: return "42701";
    case ErrorCode::kDuplicateObject: return "42710";
    case ErrorCode::kDuplicateDatabase: return "42P04";
    case ErrorCode::kInvalidDatabase: return "3D000";
    case ErrorCode::kAmbiguousColumn: return "42702";
    case ErrorCode::kDatatypeMismatch: return "42804";
    case ErrorCode::kGroupingError: return "42803";
    case ErrorCode::kInsufficientPrivilege: return "42501";
    case ErrorCode::kDivisionByZero: return "22012";
    case ErrorCode::kNumericOverflow: return "22003";
    case ErrorCode::kInvalidText: return "22P02";
    case ErrorCode::kInvalidDatetime: return "22007";
    case ErrorCode::kStringTooLong: return "22001";
    case ErrorCode::kNotNullViolation: return "23502";
    case ErrorCode::kUniqueViolation: return "23505";
    case ErrorCode::kInvalidParameter: return "22023";
    case ErrorCode::kCardinalityViolation: return "21000";
    case ErrorCode::kFeatureNotSupported: return "0A000";
    case ErrorCode::kInvalidArgument: return "22023";
    case ErrorCode::kNotFound: return "58P01";
    case ErrorCode::kAlreadyExists: return "42710";
    case ErrorCode::kQueryCanceled: return "57014";
    case ErrorCode::kOutOfMemory: return "53200";
    case ErrorCode::kDiskFull: return "53100";
    case ErrorCode::kIoError: return "58030";
    case ErrorCode::kDataCorrupted: return "XX001";
    case ErrorCode::kLockNotAvailable: return "55P03";
    case ErrorCode::kProtocolViolation: return "08P01";
    case ErrorCode::kPythonError: return "38000";
    case ErrorCode::kInternal: return "XX000";
  }
  return "XX000";
}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kSyntaxError: return "syntax_error";
    case ErrorCode::kUndefinedTable: return "undefined_table";
    case ErrorCode::kUndefinedColumn: return "undefined_column";
    case ErrorCode::kUndefinedFunction: return "undefined_function";
    case ErrorCode::kUndefinedObject: return "undefined_object";
    case ErrorCode::kDuplicateTable: return "duplicate_table";
    case ErrorCode::kDuplicateColumn: return "duplicate_column";
    case ErrorCode::kDuplicateObject: return "duplicate_object";
    case ErrorCode::kDuplicateDatabase: return "duplicate_database";
    case ErrorCode::kInvalidDatabase: return "invalid_catalog_name";
    case ErrorCode::kAmbiguousColumn: return "ambiguous_column";
    case ErrorCode::kDatatypeMismatch: return "datatype_mismatch";
    case ErrorCode::kGroupingError: return "grouping_error";
    case ErrorCode::kInsufficientPrivilege: return "insufficient_privilege";
    case ErrorCode::kDivisionByZero: return "division_by_zero";
    case ErrorCode::kNumericOverflow: return "numeric_value_out_of_range";
    case ErrorCode::kInvalidText: return "invalid_text_representation";
    case ErrorCode::kInvalidDatetime: return "invalid_datetime_format";
    case ErrorCode::kStringTooLong: return "string_data_right_truncation";
    case ErrorCode::kNotNullViolation: return "not_null_violation";
    case ErrorCode::kUniqueViolation: return "unique_violation";
    case ErrorCode::kInvalidParameter: return "invalid_parameter_value";
    case ErrorCode::kCardinalityViolation: return "cardinality_violation";
    case ErrorCode::kFeatureNotSupported: return "feature_not_supported";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kQueryCanceled: return "query_canceled";
    case ErrorCode::kOutOfMemory: return "out_of_memory";
    case ErrorCode::kDiskFull: return "disk_full";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kDataCorrupted: return "data_corrupted";
    case ErrorCode::kLockNotAvailable: return "lock_not_available";
    case ErrorCode::kProtocolViolation: return "protocol_violation";
    case ErrorCode::kPythonError: return "python_error";
    case ErrorCode::kInternal: return "internal_error";
  }
  return "internal_error";
}

}  // namespace copra
