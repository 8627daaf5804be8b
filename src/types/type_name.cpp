// ParseTypeName (declared in types/logical_type.h): the table of accepted
// type spellings and the "did you mean" suggestion for unknown names.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "types/logical_type.h"

namespace copra {
namespace {

// What may follow a name in parentheses.
enum class Args {
  kNone,            // no arguments
  kLength,          // optional positive length, ignored: varchar(20)
  kPrecision,       // optional precision 0..9: timestamp(3)
  kPrecisionAndTz,  // datetime64(3) or datetime64(3, 'UTC'); zone ignored
  kTzOnly,          // datetime or datetime('UTC'); zone ignored
  kFloatBits,       // float(p): p <= 24 is FLOAT, else DOUBLE (PostgreSQL)
};

struct Spelling {
  const char* name;  // normalized: lower case, single spaces, no arguments
  LogicalType type;
  Args args;
};

constexpr LogicalType kTsS = LogicalType::Timestamp(TimeUnit::kSecond);
constexpr LogicalType kTsMs = LogicalType::Timestamp(TimeUnit::kMillisecond);
constexpr LogicalType kTsUs = LogicalType::Timestamp(TimeUnit::kMicrosecond);
constexpr LogicalType kTsNs = LogicalType::Timestamp(TimeUnit::kNanosecond);

// "float" is the 4-byte float (DuckDB, MySQL, ClickHouse) so that the
// canonical name FLOAT reads back as itself; "int8" is the 8-bit integer.
const Spelling kSpellings[] = {
    {"null", LogicalType::Null(), Args::kNone},
    {"boolean", LogicalType::Boolean(), Args::kNone},
    {"bool", LogicalType::Boolean(), Args::kNone},
    {"tinyint", LogicalType::Int8(), Args::kNone},
    {"int8", LogicalType::Int8(), Args::kNone},
    {"smallint", LogicalType::Int16(), Args::kNone},
    {"int2", LogicalType::Int16(), Args::kNone},
    {"int16", LogicalType::Int16(), Args::kNone},
    {"int", LogicalType::Int32(), Args::kNone},
    {"integer", LogicalType::Int32(), Args::kNone},
    {"int4", LogicalType::Int32(), Args::kNone},
    {"int32", LogicalType::Int32(), Args::kNone},
    {"bigint", LogicalType::Int64(), Args::kNone},
    {"int64", LogicalType::Int64(), Args::kNone},
    {"tinyint unsigned", LogicalType::UInt8(), Args::kNone},
    {"uint8", LogicalType::UInt8(), Args::kNone},
    {"smallint unsigned", LogicalType::UInt16(), Args::kNone},
    {"uint16", LogicalType::UInt16(), Args::kNone},
    {"int unsigned", LogicalType::UInt32(), Args::kNone},
    {"integer unsigned", LogicalType::UInt32(), Args::kNone},
    {"uint32", LogicalType::UInt32(), Args::kNone},
    // PostgreSQL's object identifier types, as the pg_catalog tables hold
    // them (INT UNSIGNED); catalog queries cast to them.
    {"oid", LogicalType::UInt32(), Args::kNone},
    {"regclass", LogicalType::UInt32(), Args::kNone},
    {"regtype", LogicalType::UInt32(), Args::kNone},
    {"regproc", LogicalType::UInt32(), Args::kNone},
    {"regnamespace", LogicalType::UInt32(), Args::kNone},
    {"bigint unsigned", LogicalType::UInt64(), Args::kNone},
    {"uint64", LogicalType::UInt64(), Args::kNone},
    {"float", LogicalType::Float32(), Args::kFloatBits},
    {"real", LogicalType::Float32(), Args::kNone},
    {"float4", LogicalType::Float32(), Args::kNone},
    {"float32", LogicalType::Float32(), Args::kNone},
    {"double", LogicalType::Float64(), Args::kNone},
    {"double precision", LogicalType::Float64(), Args::kNone},
    {"float8", LogicalType::Float64(), Args::kNone},
    {"float64", LogicalType::Float64(), Args::kNone},
    {"string", LogicalType::String(), Args::kNone},
    {"text", LogicalType::String(), Args::kNone},
    {"varchar", LogicalType::String(), Args::kLength},
    {"character varying", LogicalType::String(), Args::kLength},
    {"char", LogicalType::String(), Args::kLength},
    {"character", LogicalType::String(), Args::kLength},
    {"binary", LogicalType::Binary(), Args::kLength},
    {"varbinary", LogicalType::Binary(), Args::kLength},
    {"bytea", LogicalType::Binary(), Args::kNone},
    {"blob", LogicalType::Binary(), Args::kNone},
    {"timestamp", kTsMs, Args::kPrecision},
    {"timestamp without time zone", kTsMs, Args::kPrecision},
    {"timestamptz", kTsMs, Args::kPrecision},
    {"timestamp with time zone", kTsMs, Args::kPrecision},
    {"timestampsecond", kTsS, Args::kNone},
    {"timestampmillisecond", kTsMs, Args::kNone},
    {"timestampmicrosecond", kTsUs, Args::kNone},
    {"timestampnanosecond", kTsNs, Args::kNone},
    {"timestamp_s", kTsS, Args::kNone},
    {"timestamp_ms", kTsMs, Args::kNone},
    {"timestamp_us", kTsUs, Args::kNone},
    {"timestamp_ns", kTsNs, Args::kNone},
    {"datetime", kTsS, Args::kTzOnly},
    {"datetime64", kTsMs, Args::kPrecisionAndTz},
    {"date", LogicalType::Date(), Args::kNone},
    {"date32", LogicalType::Date(), Args::kNone},
    {"interval", LogicalType::Interval(), Args::kNone},
};

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Lower case, whitespace runs collapsed to one space, no spaces next to
// parentheses and commas, trimmed.
std::string Normalize(std::string_view in) {
  std::string out;
  bool pending_space = false;
  for (char c : in) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    bool punct = c == '(' || c == ')' || c == ',';
    bool after_punct = !out.empty() && (out.back() == '(' || out.back() == ',');
    if (pending_space && !punct && !after_punct) out += ' ';
    pending_space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

Status UnknownType(std::string_view original, const std::string& key) {
  const char* best = nullptr;
  size_t best_distance = 0;
  for (const Spelling& s : kSpellings) {
    size_t d = EditDistance(key, s.name);
    if (best == nullptr || d < best_distance) {
      best = s.name;
      best_distance = d;
    }
  }
  size_t limit = std::max<size_t>(2, key.size() / 3);
  std::string msg = fmt::format("type \"{}\" does not exist", original);
  if (best != nullptr && best_distance <= limit) {
    msg += fmt::format(" (did you mean \"{}\"?)", best);
  }
  return Status::Error(ErrorCode::kUndefinedObject, std::move(msg));
}

bool ParseSmallInt(std::string_view s, int* out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool IsQuoted(std::string_view s) { return s.size() >= 2 && s.front() == '\'' && s.back() == '\''; }

Result<LogicalType> TimestampOfPrecision(int p, std::string_view original) {
  if (p == 0) return kTsS;
  if (p <= 3) return kTsMs;
  if (p <= 6) return kTsUs;
  if (p <= 9) return kTsNs;
  return Status::Error(
      ErrorCode::kInvalidParameter,
      fmt::format("precision {} of type \"{}\" must be between 0 and 9", p, original));
}

Result<LogicalType> ApplyArgs(const Spelling& s, const std::vector<std::string>& args,
                              std::string_view original) {
  auto bad_args = [&]() {
    return Status::Error(ErrorCode::kSyntaxError,
                         fmt::format("invalid arguments for type \"{}\"", original));
  };
  if (args.empty()) return s.type;
  int n = 0;
  switch (s.args) {
    case Args::kNone: return bad_args();
    case Args::kLength:
      if (args.size() != 1 || !ParseSmallInt(args[0], &n) || n < 1) return bad_args();
      return s.type;
    case Args::kPrecision:
      if (args.size() != 1 || !ParseSmallInt(args[0], &n)) return bad_args();
      return TimestampOfPrecision(n, original);
    case Args::kPrecisionAndTz:
      if (args.size() > 2 || !ParseSmallInt(args[0], &n)) return bad_args();
      if (args.size() == 2 && !IsQuoted(args[1])) return bad_args();
      return TimestampOfPrecision(n, original);
    case Args::kTzOnly:
      if (args.size() != 1 || !IsQuoted(args[0])) return bad_args();
      return s.type;
    case Args::kFloatBits:
      if (args.size() != 1 || !ParseSmallInt(args[0], &n) || n < 1 || n > 53) {
        return bad_args();
      }
      return n <= 24 ? LogicalType::Float32() : LogicalType::Float64();
  }
  return bad_args();
}

}  // namespace

Result<LogicalType> ParseTypeName(std::string_view name) {
  std::string norm = Normalize(name);
  // PostgreSQL array types (text[], int2[]): Copra holds arrays in their
  // text form, '{a,b}' (pg_catalog's array columns, ARRAY(subquery)).
  if (norm.size() > 2 && norm.compare(norm.size() - 2, 2, "[]") == 0) {
    COPRA_RETURN_NOT_OK(ParseTypeName(norm.substr(0, norm.size() - 2)).status());
    return LogicalType::String();
  }
  std::string_view original = name;
  while (!original.empty() && IsSpace(original.front())) original.remove_prefix(1);
  while (!original.empty() && IsSpace(original.back())) original.remove_suffix(1);

  // Split "base(args) suffix" into the lookup key "base suffix" and args.
  std::string key = norm;
  std::vector<std::string> args;
  size_t open = norm.find('(');
  if (open != std::string::npos) {
    size_t close = norm.find(')', open);
    if (close == std::string::npos || norm.find('(', open + 1) != std::string::npos ||
        norm.find(')', close + 1) != std::string::npos) {
      return UnknownType(original, norm);
    }
    std::string base = norm.substr(0, open);
    std::string suffix = norm.substr(close + 1);
    if (!suffix.empty() && suffix.front() == ' ') suffix.erase(0, 1);
    key = suffix.empty() ? base : base + " " + suffix;
    std::string inner = norm.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (true) {
      size_t comma = inner.find(',', start);
      args.push_back(inner.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (const Spelling& s : kSpellings) {
    if (key == s.name) return ApplyArgs(s, args, original);
  }
  return UnknownType(original, key);
}

}  // namespace copra
