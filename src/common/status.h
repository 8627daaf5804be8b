// Status and Result<T>: Copra's one error model.
//
// Two kinds of error exist:
//  * User errors (bad SQL, wrong types, bad input, I/O failures): returned as
//    a non-OK Status carrying an ErrorCode (which maps to a PostgreSQL
//    SQLSTATE), a message, and, for SQL, the 1-based line:column where the
//    problem starts.
//  * Internal errors (broken invariants, i.e. bugs): COPRA_CHECK aborts with
//    file:line. They are never used for anything a user can cause.
//
// Fallible functions return Status or Result<T>; exceptions do not cross
// module boundaries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "common/error_code.h"

namespace copra {

// 1-based position in SQL text. line == 0 means "no position".
struct SourcePosition {
  int line = 0;
  int column = 0;
  // Byte offset into the statement text (0-based); -1 when unknown. pgwire
  // reports positions as character offsets, so keep the raw offset too.
  int offset = -1;

  bool IsKnown() const { return line > 0; }
};

class Status {
 public:
  // An OK status; cheap (no allocation).
  Status() = default;

  static Status OK() { return Status(); }
  static Status Error(ErrorCode code, std::string message,
                      SourcePosition pos = {});

  // Shorthands for the common codes.
  static Status SyntaxError(std::string message, SourcePosition pos);
  static Status InvalidArgument(std::string message);
  static Status NotFound(std::string message);
  static Status AlreadyExists(std::string message);
  static Status TypeMismatch(std::string message, SourcePosition pos = {});
  static Status NotSupported(std::string message, SourcePosition pos = {});
  static Status IOError(std::string message);
  static Status Corruption(std::string message);
  static Status Cancelled(std::string message);
  static Status Internal(std::string message);

  bool ok() const { return state_ == nullptr; }
  ErrorCode code() const { return ok() ? ErrorCode::kOk : state_->code; }
  const std::string& message() const;
  SourcePosition position() const { return ok() ? SourcePosition{} : state_->pos; }
  // PostgreSQL SQLSTATE of code(), e.g. "42601".
  const char* sqlstate() const { return SqlState(code()); }

  // Returns a copy with the position set (if not already known).
  Status WithPosition(SourcePosition pos) const;
  // Returns a copy whose message is "<prefix><message>".
  Status WithPrefix(const std::string& prefix) const;

  // "ERROR: <message>" plus " at line L, column C" when a position is known.
  std::string ToString() const;

 private:
  struct State {
    ErrorCode code;
    std::string message;
    SourcePosition pos;
  };
  // shared_ptr keeps Status cheap to copy; the State is immutable.
  std::shared_ptr<const State> state_;
};

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : repr_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : repr_(std::move(status)) {  // NOLINT
    if (std::get<Status>(repr_).ok()) {
      repr_ = Status::Internal("Result constructed from an OK status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(repr_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(repr_);
  }
  T& value() & { return std::get<T>(repr_); }
  const T& value() const& { return std::get<T>(repr_); }
  T&& value() && { return std::get<T>(std::move(repr_)); }
  T ValueOr(T fallback) && { return ok() ? std::move(value()) : std::move(fallback); }

  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(value()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> repr_;
};

[[noreturn]] void CheckFailed(const char* file, int line, const char* expr,
                              const std::string& detail);

}  // namespace copra

#define COPRA_CONCAT_IMPL(a, b) a##b
#define COPRA_CONCAT(a, b) COPRA_CONCAT_IMPL(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define COPRA_RETURN_NOT_OK(expr)              \
  do {                                         \
    ::copra::Status _copra_st = (expr);        \
    if (!_copra_st.ok()) return _copra_st;     \
  } while (0)

#define COPRA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

// `lhs = value of rexpr`, or return its Status from the enclosing function.
#define COPRA_ASSIGN_OR_RETURN(lhs, rexpr) \
  COPRA_ASSIGN_OR_RETURN_IMPL(COPRA_CONCAT(_copra_res_, __LINE__), lhs, rexpr)

// Internal invariant. Failing it is a bug in Copra, never a user error.
#define COPRA_CHECK(cond)                                            \
  do {                                                               \
    if (!(cond)) ::copra::CheckFailed(__FILE__, __LINE__, #cond, ""); \
  } while (0)

#define COPRA_CHECK_MSG(cond, msg)                                      \
  do {                                                                  \
    if (!(cond)) ::copra::CheckFailed(__FILE__, __LINE__, #cond, (msg)); \
  } while (0)

#ifdef NDEBUG
#define COPRA_DCHECK(cond) \
  do {                     \
  } while (0)
#else
#define COPRA_DCHECK(cond) COPRA_CHECK(cond)
#endif
