// The text form of PostgreSQL arrays and the scalar functions over it
// (registered by RegisterPgFunctions through RegisterPgArrayFunctions).
#include "function/pg_array.h"

#include <cctype>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "function/map_rows.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

Status BadArray(std::string_view text, const char* why) {
  return Status::Error(ErrorCode::kInvalidText,
                       "malformed array literal: \"" + std::string(text) + "\" (" + why + ")");
}

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "null") return true;
  for (char c : s) {
    if (c == ',' || c == '{' || c == '}' || c == '"' || c == '\\' ||
        std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<PgArrayElement>> ParsePgArray(std::string_view text) {
  std::vector<PgArrayElement> out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  skip_space();
  if (i >= text.size() || text[i] != '{') return BadArray(text, "must start with \"{\"");
  ++i;
  skip_space();
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    while (true) {
      skip_space();
      if (i >= text.size()) return BadArray(text, "unexpected end");
      if (text[i] == '{') return BadArray(text, "only one dimension is supported");
      std::string element;
      bool quoted = false;
      if (text[i] == '"') {
        quoted = true;
        ++i;
        while (i < text.size() && text[i] != '"') {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;
          element += text[i++];
        }
        if (i >= text.size()) return BadArray(text, "unterminated quoted element");
        ++i;
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '}') {
          if (text[i] == '"' || text[i] == '{') return BadArray(text, "unexpected character");
          if (text[i] == '\\' && i + 1 < text.size()) ++i;
          element += text[i++];
        }
        while (!element.empty() && std::isspace(static_cast<unsigned char>(element.back()))) {
          element.pop_back();
        }
        if (element.empty()) return BadArray(text, "empty element");
      }
      if (!quoted && (element == "NULL" || element == "null")) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::move(element));
      }
      skip_space();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '}') {
        ++i;
        break;
      }
      return BadArray(text, "expected \",\" or \"}\"");
    }
  }
  skip_space();
  if (i != text.size()) return BadArray(text, "junk after \"}\"");
  return out;
}

std::string FormatPgArray(const std::vector<PgArrayElement>& elements) {
  std::string out = "{";
  for (size_t k = 0; k < elements.size(); ++k) {
    if (k > 0) out += ',';
    if (!elements[k].has_value()) {
      out += "NULL";
      continue;
    }
    const std::string& s = *elements[k];
    if (!NeedsQuotes(s)) {
      out += s;
      continue;
    }
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

namespace {

using kernel::AddScalar;
using kernel::MakeResult;
using kernel::OutputLength;

// Runs `fn(row, array elements, out)` for rows whose arguments are all
// non-NULL; other rows are NULL.
template <typename Fn>
Result<Datum> MapArrays(const KernelContext& ctx, const std::vector<Datum>& args, Fn fn) {
  return kernel::MapRows(ctx, args, [&](int64_t i, ColumnBuilder* out) -> Status {
    COPRA_ASSIGN_OR_RETURN(std::vector<PgArrayElement> elements,
                           ParsePgArray(args[0].column->GetString(args[0].Index(i))));
    return fn(i, elements, out);
  });
}

std::string TextAt(const Datum& d, int64_t i) {
  if (d.column->type().IsVarWidth()) return std::string(d.column->GetString(d.Index(i)));
  return d.column->GetValue(d.Index(i)).ToString();
}

int64_t IntAt(const Datum& d, int64_t i) { return d.column->data<int64_t>()[d.Index(i)]; }

// array_contains(array, x): x = ANY (array). NULL when x is not found and
// the array holds a NULL, as in PostgreSQL.
Result<Datum> ArrayContains(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapArrays(ctx, args, [&](int64_t i, const auto& elements, ColumnBuilder* out) {
    std::string x = TextAt(args[1], i);
    bool has_null = false;
    for (const PgArrayElement& e : elements) {
      if (!e.has_value()) {
        has_null = true;
      } else if (*e == x) {
        out->AppendBool(true);
        return Status::OK();
      }
    }
    if (has_null) {
      out->AppendNull();
    } else {
      out->AppendBool(false);
    }
    return Status::OK();
  });
}

// array_element(array, i): a[i], 1-based; NULL out of range.
Result<Datum> ArrayElement(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapArrays(ctx, args, [&](int64_t i, const auto& elements, ColumnBuilder* out) {
    int64_t k = IntAt(args[1], i);
    if (k < 1 || k > static_cast<int64_t>(elements.size()) ||
        !elements[static_cast<size_t>(k - 1)].has_value()) {
      out->AppendNull();
      return Status::OK();
    }
    return out->AppendString(*elements[static_cast<size_t>(k - 1)]);
  });
}

// array_upper(array, 1), array_length(array, 1): NULL for an empty array
// or another dimension.
Result<Datum> ArrayUpper(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapArrays(ctx, args, [&](int64_t i, const auto& elements, ColumnBuilder* out) {
    if (IntAt(args[1], i) != 1 || elements.empty()) {
      out->AppendNull();
    } else {
      out->template Append<int64_t>(static_cast<int64_t>(elements.size()));
    }
    return Status::OK();
  });
}

// array_to_string(array, separator [, null_text]): NULL elements are
// skipped unless null_text is given.
Result<Datum> ArrayToString(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapArrays(ctx, args, [&](int64_t i, const auto& elements, ColumnBuilder* out) {
    std::string sep = TextAt(args[1], i);
    std::optional<std::string> null_text;
    if (args.size() > 2) null_text = TextAt(args[2], i);
    std::string joined;
    bool first = true;
    for (const PgArrayElement& e : elements) {
      if (!e.has_value() && !null_text.has_value()) continue;
      if (!first) joined += sep;
      first = false;
      joined += e.has_value() ? *e : *null_text;
    }
    return out->AppendString(joined);
  });
}

// array_lower(array, 1): 1, or NULL for an empty array.
Result<Datum> ArrayLower(const KernelContext& ctx, const std::vector<Datum>& args) {
  return MapArrays(ctx, args, [&](int64_t i, const auto& elements, ColumnBuilder* out) {
    if (IntAt(args[1], i) != 1 || elements.empty()) {
      out->AppendNull();
    } else {
      out->template Append<int64_t>(1);
    }
    return Status::OK();
  });
}

// string_to_array(text, delimiter): the pieces as an array; a NULL
// delimiter splits into characters, an empty text gives '{}'.
Result<Datum> StringToArray(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t n = OutputLength(ctx, args);
  ColumnBuilder out(ctx.function->return_type);
  for (int64_t i = 0; i < n; ++i) {
    if (!args[0].IsValid(i)) {
      out.AppendNull();
      continue;
    }
    std::string text = TextAt(args[0], i);
    std::vector<PgArrayElement> pieces;
    if (!text.empty()) {
      if (!args[1].IsValid(i)) {
        for (char c : text) pieces.emplace_back(std::string(1, c));
      } else {
        std::string sep = TextAt(args[1], i);
        if (sep.empty()) {
          pieces.emplace_back(text);
        } else {
          size_t start = 0;
          while (true) {
            size_t at = text.find(sep, start);
            pieces.emplace_back(text.substr(start, at - start));
            if (at == std::string::npos) break;
            start = at + sep.size();
          }
        }
      }
    }
    COPRA_RETURN_NOT_OK(out.AppendString(FormatPgArray(pieces)));
  }
  return MakeResult(out.Finish(), args);
}

// parse_ident('a."B c"'): the parts of a qualified name, unquoted names
// folded to lower case: '{a,"B c"}'.
Result<Datum> ParseIdent(const KernelContext& ctx, const std::vector<Datum>& args) {
  int64_t n = OutputLength(ctx, args);
  ColumnBuilder out(ctx.function->return_type);
  for (int64_t i = 0; i < n; ++i) {
    if (!args[0].IsValid(i)) {
      out.AppendNull();
      continue;
    }
    std::string text = TextAt(args[0], i);
    std::vector<PgArrayElement> parts(1, std::string());
    bool quoted = false;
    for (size_t k = 0; k < text.size(); ++k) {
      char c = text[k];
      if (c == '"') {
        if (quoted && k + 1 < text.size() && text[k + 1] == '"') {
          *parts.back() += '"';
          ++k;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.emplace_back(std::string());
      } else {
        *parts.back() +=
            quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    for (const PgArrayElement& p : parts) {
      if (p->empty()) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "string is not a valid identifier: \"" + text + "\"");
      }
    }
    COPRA_RETURN_NOT_OK(out.AppendString(FormatPgArray(parts)));
  }
  return MakeResult(out.Finish(), args);
}

}  // namespace

void RegisterPgArrayFunctions(FunctionRegistry* r) {
  const LogicalType s = LogicalType::String();
  const LogicalType i64 = LogicalType::Int64();
  const LogicalType b = LogicalType::Boolean();
  AddScalar(r, "array_contains", {s, s}, b, ArrayContains);
  AddScalar(r, "array_contains", {s, i64}, b, ArrayContains);
  AddScalar(r, "array_contains", {s, b}, b, ArrayContains);
  AddScalar(r, "array_element", {s, i64}, s, ArrayElement);
  AddScalar(r, "array_upper", {s, i64}, i64, ArrayUpper);
  AddScalar(r, "array_length", {s, i64}, i64, ArrayUpper);
  AddScalar(r, "array_to_string", {s, s}, s, ArrayToString);
  AddScalar(r, "array_to_string", {s, s, s}, s, ArrayToString);
  AddScalar(r, "array_lower", {s, i64}, i64, ArrayLower);
  AddScalar(r, "string_to_array", {s, s}, s, StringToArray);
  AddScalar(r, "parse_ident", {s}, s, ParseIdent);
}

}  // namespace copra
