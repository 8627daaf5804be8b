#include "function/like_matcher.h"

#include <cstring>

#include "function/utf8.h"

namespace copra {

Result<LikeMatcher> LikeMatcher::Compile(std::string_view pattern) {
  LikeMatcher m;
  std::vector<int16_t>& t = m.tokens_;
  t.reserve(pattern.size());
  int any_one = 0;
  int any_many = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      if (++i == pattern.size()) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "LIKE pattern must not end with escape character");
      }
      t.push_back(static_cast<uint8_t>(pattern[i]));
    } else if (c == '%') {
      if (t.empty() || t.back() != kAnyMany) {  // %% is the same as %
        t.push_back(kAnyMany);
        ++any_many;
      }
    } else if (c == '_') {
      t.push_back(kAnyOne);
      ++any_one;
    } else {
      t.push_back(static_cast<uint8_t>(c));
    }
  }
  if (any_one > 0 || any_many > 2) return m;  // kGeneral
  bool lead = !t.empty() && t.front() == kAnyMany;
  bool trail = t.size() > (lead ? 1u : 0u) && t.back() == kAnyMany;
  if (any_many != int(lead) + int(trail)) return m;  // a % in the middle
  for (size_t i = lead ? 1 : 0; i < t.size() - (trail ? 1 : 0); ++i) {
    m.literal_.push_back(static_cast<char>(t[i]));
  }
  if (lead && m.literal_.empty()) {
    m.kind_ = Kind::kAll;
  } else if (lead && trail) {
    m.kind_ = Kind::kContains;
  } else if (lead) {
    m.kind_ = Kind::kSuffix;
  } else if (trail) {
    m.kind_ = Kind::kPrefix;
  } else {
    m.kind_ = Kind::kExact;
  }
  m.tokens_.clear();
  return m;
}

bool LikeMatcher::Match(std::string_view s) const {
  switch (kind_) {
    case Kind::kAll: return true;
    case Kind::kExact: return s == literal_;
    case Kind::kPrefix: return s.starts_with(literal_);
    case Kind::kSuffix: return s.ends_with(literal_);
    case Kind::kContains:
      return memmem(s.data(), s.size(), literal_.data(), literal_.size()) != nullptr;
    case Kind::kGeneral: return MatchGeneral(s);
  }
  return false;
}

// Iterative wildcard matching: on a mismatch, retry from the last `%` with
// it absorbing one more character. Quadratic in the worst case, linear for
// typical patterns. Literal bytes compare byte-wise (UTF-8 is
// self-synchronizing); `_` and the `%` retry step move a whole character.
bool LikeMatcher::MatchGeneral(std::string_view s) const {
  const std::vector<int16_t>& p = tokens_;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t si = 0;
  size_t pi = 0;
  size_t star_p = kNone;
  size_t star_s = 0;
  while (si < s.size()) {
    if (pi < p.size()) {
      int16_t tok = p[pi];
      if (tok == kAnyMany) {
        star_p = pi++;
        star_s = si;
        continue;
      }
      if (tok == kAnyOne) {
        si += utf8::CharLengthAt(s, si);
        ++pi;
        continue;
      }
      if (static_cast<uint8_t>(s[si]) == tok) {
        ++si;
        ++pi;
        continue;
      }
    }
    if (star_p == kNone) return false;
    pi = star_p + 1;
    star_s += utf8::CharLengthAt(s, star_s);
    si = star_s;
  }
  while (pi < p.size() && p[pi] == kAnyMany) ++pi;
  return pi == p.size();
}

}  // namespace copra
