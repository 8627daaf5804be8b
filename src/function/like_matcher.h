// LikeMatcher: a compiled SQL LIKE pattern. `%` matches any run of
// characters, `_` exactly one (UTF-8) character, and a backslash makes the
// next character literal. Patterns that are a plain string with `%` only at
// the ends compile to a prefix / suffix / contains / exact test.
//
// Used by the like/ilike kernels (comparison.cpp); compiled once per batch
// for a constant pattern. Immutable after Compile; thread-safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

class LikeMatcher {
 public:
  enum class Kind { kAll, kExact, kPrefix, kSuffix, kContains, kGeneral };

  // Errors: kInvalidParameter when the pattern ends with the escape
  // character. ILIKE callers pass the case-folded pattern.
  static Result<LikeMatcher> Compile(std::string_view pattern);

  bool Match(std::string_view s) const;
  Kind kind() const { return kind_; }

 private:
  static constexpr int16_t kAnyOne = -1;   // _
  static constexpr int16_t kAnyMany = -2;  // %

  bool MatchGeneral(std::string_view s) const;

  Kind kind_ = Kind::kGeneral;
  std::string literal_;          // kExact, kPrefix, kSuffix, kContains
  std::vector<int16_t> tokens_;  // kGeneral: bytes 0..255, kAnyOne, kAnyMany
};

}  // namespace copra
