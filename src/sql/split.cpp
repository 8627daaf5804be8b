// SplitStatements and IsStatementComplete: a forgiving scanner that only
// tracks where strings, quoted identifiers, comments and dollar quotes start
// and end, so it never fails on input the full lexer would reject. It must
// agree with sql/lexer.cpp on those boundaries.
#include <string_view>
#include <vector>

#include "sql/parser.h"

namespace copra {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

struct ScanResult {
  // [begin, end) byte ranges of statements; `end` excludes the ';'.
  std::vector<std::pair<size_t, size_t>> pieces;
  // Whether each piece holds something other than whitespace and comments.
  std::vector<bool> nonempty;
  bool ends_with_semicolon = false;  // last significant token is a top-level ';'
  bool unterminated = false;         // input ends inside a string/comment/quote
};

ScanResult Scan(std::string_view s) {
  ScanResult r;
  size_t i = 0;
  size_t start = 0;
  bool content = false;
  bool last_semicolon = false;
  auto finish = [&](size_t end) {
    r.pieces.emplace_back(start, end);
    r.nonempty.push_back(content);
  };
  while (i < s.size()) {
    char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      int depth = 1;
      i += 2;
      while (i < s.size() && depth > 0) {
        if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (s[i] == '*' && i + 1 < s.size() && s[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
      if (depth > 0) r.unterminated = true;
      continue;
    }
    last_semicolon = false;
    if (c == ';') {
      finish(i);
      ++i;
      start = i;
      content = false;
      last_semicolon = true;
      continue;
    }
    content = true;
    if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < s.size() && s[i + 1] == '\'')) {
      bool escapes = c != '\'';
      i += escapes ? 2 : 1;
      bool closed = false;
      while (i < s.size()) {
        if (escapes && s[i] == '\\') {
          i += 2;
          continue;
        }
        if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        ++i;
      }
      if (!closed) {
        r.unterminated = true;
        i = s.size();
      }
      continue;
    }
    if (c == '"' || c == '`') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == c) {
          if (i + 1 < s.size() && s[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        ++i;
      }
      if (!closed) r.unterminated = true;
      continue;
    }
    if (c == '$') {
      size_t k = i + 1;
      if (k < s.size() && IsIdentStart(s[k])) {
        while (k < s.size() && IsIdentChar(s[k])) ++k;
      }
      if (k < s.size() && s[k] == '$') {
        std::string_view delim = s.substr(i, k - i + 1);
        size_t close = s.find(delim, k + 1);
        if (close == std::string_view::npos) {
          r.unterminated = true;
          i = s.size();
        } else {
          i = close + delim.size();
        }
        continue;
      }
      ++i;
      continue;
    }
    if (IsIdentStart(c)) {
      // Whole words, so an "e" inside a name never starts an E'' string.
      while (i < s.size() && IsIdentChar(s[i])) ++i;
      continue;
    }
    ++i;
  }
  if (start < s.size() || r.pieces.empty()) finish(s.size());
  r.ends_with_semicolon = last_semicolon && !r.unterminated;
  return r;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace

std::vector<std::string_view> SplitStatements(std::string_view sql) {
  ScanResult r = Scan(sql);
  std::vector<std::string_view> out;
  for (size_t k = 0; k < r.pieces.size(); ++k) {
    if (!r.nonempty[k]) continue;
    auto [b, e] = r.pieces[k];
    out.push_back(Trim(sql.substr(b, e - b)));
  }
  return out;
}

bool IsStatementComplete(std::string_view text) {
  ScanResult r = Scan(text);
  return r.ends_with_semicolon;
}

}  // namespace copra
