#include "cli/result_format.h"

#include <fmt/format.h>

#include <cmath>

namespace copra {

namespace {

bool NeedsCsvQuotes(std::string_view text) {
  if (text.empty()) return true;  // "" keeps an empty string apart from NULL
  if (text.front() == ' ' || text.back() == ' ') return true;
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

void AppendCsvField(std::string_view text, std::string* out) {
  if (!NeedsCsvQuotes(text)) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

bool PlainJsonChar(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c != 0x7F; }

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  // Runs of characters that need no escaping are appended at once.
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && PlainJsonChar(static_cast<unsigned char>(s[j]))) ++j;
    out->append(s.data() + i, j - i);
    if (j == s.size()) break;
    i = j + 1;
    const auto c = static_cast<unsigned char>(s[j]);
    const char ch = s[j];
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          *out += fmt::format("\\u{:04x}", c);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonValue(const Column& column, int64_t row, std::string* out) {
  if (column.IsNull(row)) {
    *out += "null";
    return;
  }
  const LogicalType& type = column.type();
  // The common types straight from the column (no Value, no temporaries).
  if (type.id() == TypeId::kString) {
    AppendJsonString(column.GetString(row), out);
    return;
  }
  if (type.id() == TypeId::kFloat64) {
    const double d = column.data<double>()[row];
    if (std::isfinite(d)) {
      char buf[40];  // the shortest round-trip form needs at most 24
      const auto end = fmt::format_to_n(buf, sizeof(buf), "{}", d).out;
      out->append(buf, static_cast<size_t>(end - buf));
      return;
    }
  }
  const Value v = column.GetValue(row);
  if (type.IsBoolean()) {
    *out += v.GetBool() ? "true" : "false";
  } else if (type.IsSignedInteger()) {
    *out += std::to_string(v.GetInt64());
  } else if (type.IsUnsignedInteger()) {
    *out += std::to_string(v.GetUInt64());
  } else if (type.IsFloat()) {
    const double d = v.GetDouble();
    if (std::isnan(d)) {
      *out += "\"NaN\"";
    } else if (std::isinf(d)) {
      *out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      *out += fmt::format("{}", d);  // shortest round-trip form
    }
  } else if (type.id() == TypeId::kString) {
    AppendJsonString(v.GetString(), out);
  } else {
    AppendJsonString(v.ToString(), out);
  }
}

std::string FormatMs(double ms) { return fmt::format("{:.3f}", ms); }

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  return std::nullopt;
}

CsvPrinter::CsvPrinter(std::ostream& out, SchemaPtr schema)
    : out_(out), schema_(std::move(schema)) {
  std::string line;
  for (size_t c = 0; c < schema_->num_fields(); ++c) {
    if (c > 0) line.push_back(',');
    AppendCsvField(schema_->field(c).name, &line);
  }
  line.push_back('\n');
  out_ << line;
}

void CsvPrinter::AddBatch(const Batch& batch) {
  std::string text;
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c > 0) text.push_back(',');
      const Column& column = *batch.column(c);
      if (!column.IsNull(r)) AppendCsvField(column.GetValue(r).ToString(), &text);
    }
    text.push_back('\n');
    ++rows_;
  }
  out_ << text;
}

void CsvPrinter::Finish() {}

JsonPrinter::JsonPrinter(std::ostream& out, SchemaPtr schema)
    : out_(out), schema_(std::move(schema)) {
  std::string text = "{\"columns\":[";
  for (size_t c = 0; c < schema_->num_fields(); ++c) {
    if (c > 0) text.push_back(',');
    text += "{\"name\":";
    AppendJsonString(schema_->field(c).name, &text);
    text += ",\"type\":";
    AppendJsonString(schema_->field(c).type.ToString(), &text);
    text.push_back('}');
  }
  text += "],\"rows\":[";
  out_ << text;
}

void JsonPrinter::AddBatch(const Batch& batch) {
  std::string text;
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    if (rows_ > 0) text.push_back(',');
    text.push_back('[');
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c > 0) text.push_back(',');
      AppendJsonValue(*batch.column(c), r, &text);
    }
    text.push_back(']');
    ++rows_;
  }
  out_ << text;
}

void JsonPrinter::Finish(double ms) { out_ << "],\"ms\":" << FormatMs(ms) << "}\n"; }

void JsonPrinter::PrintCommand(std::ostream& out, const std::string& tag, int64_t rows_affected,
                               double ms) {
  std::string text = "{\"tag\":";
  AppendJsonString(tag, &text);
  text += fmt::format(",\"rows_affected\":{},\"ms\":{}}}\n", rows_affected, FormatMs(ms));
  out << text;
}

void JsonPrinter::PrintError(std::ostream& out, const Status& status) {
  std::string text = "{\"error\":";
  AppendJsonString(status.message(), &text);
  text += ",\"sqlstate\":";
  AppendJsonString(status.sqlstate(), &text);
  const SourcePosition pos = status.position();
  if (pos.IsKnown()) text += fmt::format(",\"line\":{},\"column\":{}", pos.line, pos.column);
  text += "}\n";
  out << text;
}

}  // namespace copra
