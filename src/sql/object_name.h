// Small AST building blocks shared by expressions, queries and statements:
// qualified object names, WITH/SETTINGS options, and quoting helpers used by
// the ToString() renderers.
//
// Identifiers in the AST are already normalised: unquoted names are folded to
// lower case, quoted names ("Foo", `Foo`) keep their spelling. Renderers quote
// a name again exactly when it would not read back as itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

// A possibly qualified name: `t`, `db.t`, `catalog.db.t`.
struct ObjectName {
  std::vector<std::string> parts;  // 1..3 parts, normalised
  SourcePosition pos;              // first token

  bool empty() const { return parts.empty(); }
  // REQUIRES: !empty().
  const std::string& name() const { return parts.back(); }
  // The part before the name ("" when unqualified).
  std::string database() const {
    return parts.size() >= 2 ? parts[parts.size() - 2] : std::string();
  }
  std::string ToString() const;
};

// One `key = value` (GreptimeDB WITH, Timeplus SETTINGS) or `key value`
// (PostgreSQL COPY) option. Keys are lower-cased unless written quoted; dotted
// keys keep their dots ("compaction.type").
struct SqlOption {
  std::string key;
  std::string value;    // the string's contents, or the word/number as written
  bool quoted = false;  // value was a string literal
  SourcePosition pos;   // the key
};

// `name` rendered so it reads back as itself: bare when it is a lower-case
// identifier and not a reserved word, else "double quoted".
std::string QuoteIdentifier(std::string_view name);
// 'text' with embedded quotes doubled.
std::string QuoteString(std::string_view text);
// "a.b.c" with each part quoted as needed.
std::string JoinQualified(const std::vector<std::string>& parts);
// Renders options as `k = 'v', k2 = v2`.
std::string OptionsToString(const std::vector<SqlOption>& options);

}  // namespace copra
