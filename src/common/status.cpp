#include "common/status.h"

#include <cstdio>
#include <cstdlib>

namespace copra {

Status Status::Error(ErrorCode code, std::string message, SourcePosition pos) {
  Status s;
  if (code == ErrorCode::kOk) return s;
  s.state_ = std::make_shared<const State>(State{code, std::move(message), pos});
  return s;
}

Status Status::SyntaxError(std::string message, SourcePosition pos) {
  return Error(ErrorCode::kSyntaxError, std::move(message), pos);
}
Status Status::InvalidArgument(std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message));
}
Status Status::NotFound(std::string message) {
  return Error(ErrorCode::kNotFound, std::move(message));
}
Status Status::AlreadyExists(std::string message) {
  return Error(ErrorCode::kAlreadyExists, std::move(message));
}
Status Status::TypeMismatch(std::string message, SourcePosition pos) {
  return Error(ErrorCode::kDatatypeMismatch, std::move(message), pos);
}
Status Status::NotSupported(std::string message, SourcePosition pos) {
  return Error(ErrorCode::kFeatureNotSupported, std::move(message), pos);
}
Status Status::IOError(std::string message) {
  return Error(ErrorCode::kIoError, std::move(message));
}
Status Status::Corruption(std::string message) {
  return Error(ErrorCode::kDataCorrupted, std::move(message));
}
Status Status::Cancelled(std::string message) {
  return Error(ErrorCode::kQueryCanceled, std::move(message));
}
Status Status::Internal(std::string message) {
  return Error(ErrorCode::kInternal, std::move(message));
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return ok() ? kEmpty : state_->message;
}

Status Status::WithPosition(SourcePosition pos) const {
  if (ok() || state_->pos.IsKnown()) return *this;
  return Error(state_->code, state_->message, pos);
}

Status Status::WithPrefix(const std::string& prefix) const {
  if (ok()) return *this;
  return Error(state_->code, prefix + state_->message, state_->pos);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = "ERROR: " + state_->message;
  if (state_->pos.IsKnown()) {
    out += " at line " + std::to_string(state_->pos.line) + ", column " +
           std::to_string(state_->pos.column);
  }
  return out;
}

void CheckFailed(const char* file, int line, const char* expr,
                 const std::string& detail) {
  std::fprintf(stderr, "copra: internal error: check failed at %s:%d: %s%s%s\n",
               file, line, expr, detail.empty() ? "" : ": ", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace copra
