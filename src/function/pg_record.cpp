#include "function/pg_record.h"

#include <cctype>

#include "function/function_registry.h"
#include "function/kernel_util.h"
#include "vector/column_builder.h"

namespace copra {

namespace {

using kernel::AddScalar;
using kernel::MakeResult;
using kernel::OutputLength;

Status BadRecord(std::string_view text, const char* why) {
  return Status::Error(ErrorCode::kInvalidText,
                       "malformed record literal: \"" + std::string(text) + "\" (" + why + ")");
}

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (c == ',' || c == '(' || c == ')' || c == '"' || c == '\\' ||
        std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

// An array's elements: PostgreSQL's '{a,b}' form, or the space-separated
// form of int2vector/oidvector columns ('2 1', pg_index.indkey).
Result<std::vector<PgArrayElement>> ArrayElements(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::vector<PgArrayElement>();
  if (text[first] == '{') return ParsePgArray(text);
  std::vector<PgArrayElement> out;
  size_t i = first;
  while (i < text.size()) {
    size_t end = text.find_first_of(" \t\r\n", i);
    if (end == std::string::npos) end = text.size();
    out.emplace_back(text.substr(i, end - i));
    i = text.find_first_not_of(" \t\r\n", end);
    if (i == std::string::npos) break;
  }
  return out;
}

// pg_record_field(record, i)
Result<Datum> RecordField(const KernelContext& ctx, const std::vector<Datum>& args) {
  const int64_t n = OutputLength(ctx, args);
  ColumnBuilder out(LogicalType::String());
  for (int64_t i = 0; i < n; ++i) {
    if (!args[0].IsValid(i) || !args[1].IsValid(i)) {
      out.AppendNull();
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(std::vector<PgArrayElement> fields,
                           ParsePgRecord(args[0].column->GetString(args[0].Index(i))));
    const int64_t k = args[1].column->data<int64_t>()[args[1].Index(i)];
    if (k < 0 || k >= static_cast<int64_t>(fields.size()) ||
        !fields[static_cast<size_t>(k)].has_value()) {
      out.AppendNull();
    } else {
      COPRA_RETURN_NOT_OK(out.AppendString(*fields[static_cast<size_t>(k)]));
    }
  }
  return MakeResult(out.Finish(), args);
}

}  // namespace

Result<std::vector<PgArrayElement>> ParsePgRecord(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size() || text[i] != '(') return BadRecord(text, "missing left parenthesis");
  ++i;
  std::vector<PgArrayElement> out;
  while (true) {
    std::string field;
    bool present = false;
    while (i < text.size() && text[i] != ',' && text[i] != ')') {
      present = true;
      if (text[i] == '"') {
        ++i;
        while (i < text.size()) {
          if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
          } else if (text[i] == '"') {
            break;
          } else {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            field += text[i++];
          }
        }
        if (i >= text.size()) return BadRecord(text, "unterminated quoted field");
        ++i;
      } else {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        field += text[i++];
      }
    }
    if (i >= text.size()) return BadRecord(text, "missing right parenthesis");
    out.emplace_back(present ? PgArrayElement(std::move(field)) : std::nullopt);
    if (text[i] == ')') break;
    ++i;  // ,
  }
  ++i;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i != text.size()) return BadRecord(text, "junk after right parenthesis");
  return out;
}

std::string FormatPgRecord(const std::vector<PgArrayElement>& fields) {
  std::string out = "(";
  for (size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += ',';
    if (!fields[k].has_value()) continue;
    const std::string& f = *fields[k];
    if (!NeedsQuotes(f)) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"' || c == '\\') out += c;  // doubled, as PostgreSQL writes them
      out += c;
    }
    out += '"';
  }
  out += ')';
  return out;
}

void RegisterPgRecordFunctions(FunctionRegistry* r) {
  kernel::AddScalar(r, "pg_record_field", {LogicalType::String(), LogicalType::Int64()},
                    LogicalType::String(), RecordField);
}

Result<SetFunctionRows> EvaluateSetFunction(SetFunctionKind kind, const std::vector<Value>& args) {
  SetFunctionRows rows;
  for (const Value& a : args) {
    if (a.is_null()) return rows;
  }
  switch (kind) {
    case SetFunctionKind::kGenerateSeries: {
      const int64_t start = args[0].GetInt64();
      const int64_t stop = args[1].GetInt64();
      const int64_t step = args.size() > 2 ? args[2].GetInt64() : 1;
      if (step == 0) {
        return Status::Error(ErrorCode::kInvalidParameter, "step size cannot equal zero");
      }
      rows.series = true;
      rows.start = start;
      rows.step = step;
      // In 128 bits: stop - start may overflow 64.
      const __int128 span = static_cast<__int128>(stop) - start;
      if ((step > 0 && span >= 0) || (step < 0 && span <= 0)) {
        rows.count = static_cast<int64_t>(span / step + 1);
      }
      return rows;
    }
    case SetFunctionKind::kUnnest:
    case SetFunctionKind::kExpandArray: {
      COPRA_ASSIGN_OR_RETURN(std::vector<PgArrayElement> elements,
                             ArrayElements(args[0].ToString()));
      int64_t n = 0;
      for (PgArrayElement& e : elements) {
        ++n;
        if (kind == SetFunctionKind::kUnnest) {
          rows.values.push_back(e.has_value() ? Value::String(std::move(*e))
                                              : Value::Null(LogicalType::String()));
        } else {
          rows.values.push_back(Value::String(FormatPgRecord({e, std::to_string(n)})));
        }
      }
      return rows;
    }
  }
  return Status::Internal("unknown set-returning function");
}

}  // namespace copra
