#include "engine/copy_options.h"

#include <algorithm>
#include <cctype>

namespace copra {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Extension(const std::string& path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return Lower(path.substr(dot + 1));
}

Status Bad(const SqlOption& o, const std::string& what) {
  return Status::Error(ErrorCode::kInvalidParameter, "COPY option " + o.key + " " + what, o.pos);
}

Result<bool> ParseBool(const SqlOption& o) {
  std::string v = Lower(o.value);
  if (v == "true" || v == "on" || v == "1" || v == "yes" || v.empty()) return true;
  if (v == "false" || v == "off" || v == "0" || v == "no") return false;
  return Bad(o, "expects true or false, not '" + o.value + "'");
}

Result<char> ParseChar(const SqlOption& o) {
  if (o.value == "\\t") return '\t';
  if (o.value.size() != 1) return Bad(o, "must be a single character, not '" + o.value + "'");
  if (o.value[0] == '\n' || o.value[0] == '\r') return Bad(o, "cannot be a line break");
  return o.value[0];
}

}  // namespace

Result<CopyOptions> ParseCopyOptions(const std::vector<SqlOption>& options, const std::string& path,
                                     SourcePosition pos) {
  CopyOptions out;
  const SqlOption* format = nullptr;
  for (const SqlOption& o : options) {
    if (o.key == "format") format = &o;
  }
  std::string ext = Extension(path);
  if (format != nullptr) {
    std::string f = Lower(format->value);
    if (f == "csv" || f == "text") {
      out.format = CopyFormat::kCsv;
    } else if (f == "parquet") {
      out.format = CopyFormat::kParquet;
    } else {
      return Bad(*format, "must be 'csv' or 'parquet', not '" + format->value + "'");
    }
  } else if (ext == "csv" || ext == "txt" || ext == "tsv") {
    out.format = CopyFormat::kCsv;
  } else if (ext == "parquet" || ext == "pq") {
    out.format = CopyFormat::kParquet;
  } else {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "cannot tell the format of \"" + path +
                             "\" from its extension; add WITH (format 'csv') or "
                             "WITH (format 'parquet')",
                         pos);
  }
  if (out.format == CopyFormat::kCsv && ext == "tsv") out.csv.delimiter = '\t';
  const bool csv = out.format == CopyFormat::kCsv;
  for (const SqlOption& o : options) {
    if (o.key == "format") continue;
    const bool csv_only =
        o.key == "header" || o.key == "delimiter" || o.key == "null" || o.key == "quote";
    const bool parquet_only = o.key == "compression" || o.key == "row_group_size";
    if (!csv_only && !parquet_only) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "unknown COPY option " + o.key +
                               " (known: format, header, delimiter, null, quote, compression, "
                               "row_group_size)",
                           o.pos);
    }
    if (csv_only && !csv) return Bad(o, "applies to CSV files only");
    if (parquet_only && csv) return Bad(o, "applies to Parquet files only");
    if (o.key == "header") {
      COPRA_ASSIGN_OR_RETURN(out.csv.header, ParseBool(o));
    } else if (o.key == "delimiter") {
      COPRA_ASSIGN_OR_RETURN(out.csv.delimiter, ParseChar(o));
    } else if (o.key == "quote") {
      COPRA_ASSIGN_OR_RETURN(out.csv.quote, ParseChar(o));
    } else if (o.key == "null") {
      out.csv.null_string = o.value;
    } else if (o.key == "compression") {
      std::string c = Lower(o.value);
      if (c == "zstd") {
        out.parquet.compression = parquet::Compression::kZstd;
      } else if (c == "snappy") {
        out.parquet.compression = parquet::Compression::kSnappy;
      } else if (c == "lz4" || c == "lz4_raw") {
        out.parquet.compression = parquet::Compression::kLz4;
      } else if (c == "uncompressed" || c == "none") {
        out.parquet.compression = parquet::Compression::kUncompressed;
      } else {
        return Bad(o, "must be zstd, snappy, lz4 or uncompressed, not '" + o.value + "'");
      }
    } else if (o.key == "row_group_size") {
      int64_t n = 0;
      try {
        size_t used = 0;
        n = std::stoll(o.value, &used);
        if (used != o.value.size()) n = 0;
      } catch (...) {
        n = 0;
      }
      if (n <= 0) return Bad(o, "must be a positive number of rows, not '" + o.value + "'");
      out.parquet.row_group_rows = n;
    }
  }
  if (csv && out.csv.delimiter == out.csv.quote) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "COPY delimiter and quote must be different characters", pos);
  }
  return out;
}

}  // namespace copra
