// PostgreSQL compatibility functions that clients' catalog queries call
// (psql's \d, \dt, \dn, \l; drivers' type lookups), plus regexp_like, which
// the ~ operators become. Copra has one owner ("copra"), no comments on
// objects and no search path beyond the current database, so most of these
// are simple; they exist so that those queries run unchanged.
#include <cstdlib>
#include <regex>
#include <string>

#include "catalog/pg_type.h"
#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/map_rows.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

using kernel::AddScalar;
using kernel::AllNull;
using kernel::AnyArgAllNull;
using kernel::MakeResult;
using kernel::MapRows;
using kernel::OutputLength;

std::string_view StringAt(const Datum& d, int64_t i) { return d.column->GetString(d.Index(i)); }
int64_t IntAt(const Datum& d, int64_t i) { return d.column->data<int64_t>()[d.Index(i)]; }

Result<std::regex> CompileRegex(std::string_view pattern, std::string_view flags) {
  auto options = std::regex::ECMAScript;
  for (char f : flags) {
    if (f == 'i') {
      options |= std::regex::icase;
    } else if (f != 'c') {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "invalid regular expression option: \"" + std::string(1, f) + "\"");
    }
  }
  try {
    return std::regex(std::string(pattern), options);
  } catch (const std::regex_error& e) {
    return Status::Error(
        ErrorCode::kInvalidParameter,
        "invalid regular expression \"" + std::string(pattern) + "\": " + e.what());
  }
}

// regexp_like(string, pattern [, flags]): PostgreSQL's ~ (flags 'i': ~*).
// Patterns use ECMAScript syntax, which agrees with PostgreSQL's for the
// common forms (anchors, classes, \d \w \s, alternation, quantifiers).
Result<Datum> RegexpLike(const KernelContext& ctx, const std::vector<Datum>& args) {
  if (AnyArgAllNull(args)) return AllNull(ctx, args);
  std::string cached_pattern;
  std::string cached_flags;
  std::optional<std::regex> re;
  return MapRows(ctx, args, [&](int64_t i, ColumnBuilder* out) -> Status {
    std::string_view pattern = StringAt(args[1], i);
    std::string_view flags = args.size() > 2 ? StringAt(args[2], i) : std::string_view();
    if (!re.has_value() || pattern != cached_pattern || flags != cached_flags) {
      COPRA_ASSIGN_OR_RETURN(std::regex compiled, CompileRegex(pattern, flags));
      re = std::move(compiled);
      cached_pattern = std::string(pattern);
      cached_flags = std::string(flags);
    }
    std::string_view s = StringAt(args[0], i);
    out->AppendBool(std::regex_search(s.begin(), s.end(), *re));
    return Status::OK();
  });
}

Result<Datum> ConstantString(const KernelContext& ctx, const std::vector<Datum>& args,
                             const char* text) {
  return MapRows(ctx, args, [&](int64_t, ColumnBuilder* out) { return out->AppendString(text); });
}

// pg_get_userbyid(oid): every object belongs to "copra".
Result<Datum> UserById(const KernelContext& ctx, const std::vector<Datum>& args) {
  return ConstantString(ctx, args, "copra");
}

// pg_encoding_to_char(int): Copra stores UTF-8 only.
Result<Datum> EncodingToChar(const KernelContext& ctx, const std::vector<Datum>& args) {
  return ConstantString(ctx, args, "UTF8");
}

// pg_table_is_visible(oid), pg_type_is_visible(oid): everything in the
// catalog is visible to every session.
Result<Datum> AlwaysTrue(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapRows(ctx, args, [&](int64_t, ColumnBuilder* out) {
    out->AppendBool(true);
    return Status::OK();
  });
}

// pg_relation_is_publishable(oid): Copra has no logical replication.
Result<Datum> AlwaysFalse(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapRows(ctx, args, [&](int64_t, ColumnBuilder* out) {
    out->AppendBool(false);
    return Status::OK();
  });
}

// obj_description, shobj_description: no comments on tables or schemas
// (column comments: col_description, planner/bind_pg_object.cpp).
// Also the descriptions of objects that do not exist in Copra (extended
// statistics, SQL functions: pg_proc has no rows).
Result<Datum> NoDescription(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t n = OutputLength(ctx, args);
  return MakeResult(Column::MakeNull(LogicalType::String(), n), args);
}

// The first argument, unchanged: pg_get_expr(text, oid) (pg_attrdef.adbin
// holds SQL text already).
Result<Datum> FirstArgument(const KernelContext& ctx, const std::vector<Datum>& args) {
  if (kernel::AllScalar(args)) return args[0];
  return MakeResult(args[0].ToColumn(OutputLength(ctx, args)), args);
}

// format_type(type_oid, typmod): "bigint", "timestamp(3) without time zone".
Result<Datum> FormatType(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapRows(ctx, args, [&](int64_t i, ColumnBuilder* out) -> Status {
    auto oid = static_cast<uint32_t>(IntAt(args[0], i));
    int64_t typmod = args.size() > 1 && args[1].IsValid(i) ? IntAt(args[1], i) : -1;
    for (const PgType& t : AllPgTypes()) {
      if (t.oid != oid) continue;
      std::string name = t.sql_name;
      if ((oid == 1114 || oid == 1184) && typmod >= 0) {
        name = std::string(oid == 1114 ? "timestamp" : "timestamp") + "(" + std::to_string(typmod) +
               ") with" + (oid == 1114 ? "out" : "") + " time zone";
      }
      return out->AppendString(name);
    }
    return out->AppendString("???");
  });
}

// quote_ident(text): the name quoted when PostgreSQL would need quotes.
Result<Datum> QuoteIdent(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapRows(ctx, args, [&](int64_t i, ColumnBuilder* out) {
    std::string name(StringAt(args[0], i));
    bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
    }
    if (plain) return out->AppendString(name);
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return out->AppendString(quoted + "\"");
  });
}

// pg_table_size(oid), pg_relation_size, pg_total_relation_size,
// pg_indexes_size, pg_database_size(name): NULL, as for a relation that does
// not exist; Copra does not account bytes per table through SQL yet.
Result<Datum> UnknownSize(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t n = OutputLength(ctx, args);
  return MakeResult(Column::MakeNull(LogicalType::Int64(), n), args);
}

// pg_size_pretty(bigint): PostgreSQL's rounding, bytes up to 10 kB, then
// kB, MB, GB, TB, PB rounded half away from zero.
Result<Datum> SizePretty(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapRows(ctx, args, [&](int64_t i, ColumnBuilder* out) {
    int64_t size = IntAt(args[0], i);
    constexpr int64_t kLimit = 10 * 1024;
    constexpr int64_t kLimit2 = kLimit * 2 - 1;
    auto half_rounded = [](int64_t x) { return (x + (x < 0 ? -1 : 1)) / 2; };
    if (std::abs(size) < kLimit) return out->AppendString(std::to_string(size) + " bytes");
    size >>= 9;  // one extra bit for rounding
    for (const char* unit : {"kB", "MB", "GB", "TB"}) {
      if (std::abs(size) < kLimit2) {
        return out->AppendString(std::to_string(half_rounded(size)) + " " + unit);
      }
      size >>= 10;
    }
    return out->AppendString(std::to_string(half_rounded(size)) + " PB");
  });
}

}  // namespace

void RegisterPgFunctions(FunctionRegistry* r) {
  const LogicalType s = LogicalType::String();
  const LogicalType i64 = LogicalType::Int64();
  const LogicalType b = LogicalType::Boolean();
  AddScalar(r, "regexp_like", {s, s}, b, RegexpLike);
  AddScalar(r, "regexp_like", {s, s, s}, b, RegexpLike);
  AddScalar(r, "pg_get_userbyid", {i64}, s, UserById);
  AddScalar(r, "pg_encoding_to_char", {i64}, s, EncodingToChar);
  AddScalar(r, "pg_table_is_visible", {i64}, b, AlwaysTrue);
  AddScalar(r, "pg_type_is_visible", {i64}, b, AlwaysTrue);
  AddScalar(r, "obj_description", {i64}, s, NoDescription);
  AddScalar(r, "obj_description", {i64, s}, s, NoDescription);
  AddScalar(r, "shobj_description", {i64, s}, s, NoDescription);
  AddScalar(r, "pg_get_expr", {s, i64}, s, FirstArgument);
  AddScalar(r, "pg_get_expr", {s, i64, b}, s, FirstArgument);
  AddScalar(r, "format_type", {i64, i64}, s, FormatType);
  AddScalar(r, "pg_relation_is_publishable", {i64}, b, AlwaysFalse);
  AddScalar(r, "quote_ident", {s}, s, QuoteIdent);
  for (const char* size :
       {"pg_table_size", "pg_relation_size", "pg_total_relation_size", "pg_indexes_size"}) {
    AddScalar(r, size, {i64}, i64, UnknownSize);
  }
  AddScalar(r, "pg_database_size", {s}, i64, UnknownSize);
  AddScalar(r, "pg_size_pretty", {i64}, s, SizePretty);
  // Privilege checks of psql's \l+: a session that could connect may look.
  AddScalar(r, "has_database_privilege", {s, s}, b, AlwaysTrue);
  AddScalar(r, "pg_has_role", {s, s}, b, AlwaysTrue);
  AddScalar(r, "pg_function_is_visible", {i64}, b, AlwaysTrue);
  AddScalar(r, "pg_get_statisticsobjdef_columns", {i64}, s, NoDescription);
  AddScalar(r, "pg_get_function_result", {i64}, s, NoDescription);
  AddScalar(r, "pg_get_function_arguments", {i64}, s, NoDescription);
  AddScalar(r, "pg_get_function_identity_arguments", {i64}, s, NoDescription);
}

}  // namespace copra
