// copra_diff_runner: Copra's half of the differential test (tests/diff/).
// Reads a script of one statement per line from a file and runs it against a
// fresh in-memory database:
//
//   S<TAB>sql   setup statement (DDL, INSERT); any error aborts with exit 1
//   Q<TAB>sql   query; prints one JSON line with its result or its error
//
// Output per query, the encoding duckdb_runner.mjs also writes:
//   {"rows": [[v, ...], ...]}  or  {"error": "message (SQLSTATE xxxxx)"}
// where v is null, true/false, an integer, a float (non-finite ones as the
// strings "nan", "inf", "-inf"), a string, {"ts": microseconds since the
// epoch} for timestamps, or {"other": "text"} for any other type.
//
//   copra_diff_runner [--storage] [--set name=value]... SCRIPT
//
// --storage: durable storage tables in a temporary data directory (the
// storage engine's scans, e.g. aggregate pushdown, checked against DuckDB).
#include <fmt/format.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "engine/database.h"
#include "engine/session.h"

namespace {

using copra::Column;
using copra::TypeId;

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          *out += fmt::format("\\u{:04x}", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

int64_t TicksToMicros(int64_t ticks, copra::TimeUnit unit) {
  switch (unit) {
    case copra::TimeUnit::kSecond: return ticks * 1000000;
    case copra::TimeUnit::kMillisecond: return ticks * 1000;
    case copra::TimeUnit::kMicrosecond: return ticks;
    case copra::TimeUnit::kNanosecond:
      // Floor, as DuckDB truncates nanoseconds to microseconds.
      return ticks >= 0 ? ticks / 1000 : -((-ticks + 999) / 1000);
  }
  return ticks;
}

void AppendValue(const Column& column, int64_t row, std::string* out) {
  if (column.IsNull(row)) {
    *out += "null";
    return;
  }
  const copra::Value v = column.GetValue(row);
  const copra::LogicalType& type = column.type();
  if (type.IsBoolean()) {
    *out += v.GetBool() ? "true" : "false";
  } else if (type.IsSignedInteger()) {
    *out += std::to_string(v.GetInt64());
  } else if (type.IsUnsignedInteger()) {
    *out += std::to_string(v.GetUInt64());
  } else if (type.IsFloat()) {
    const double d = v.GetDouble();
    if (std::isnan(d)) {
      *out += "\"nan\"";
    } else if (std::isinf(d)) {
      *out += d > 0 ? "\"inf\"" : "\"-inf\"";
    } else {
      *out += fmt::format("{}", d);  // shortest round-trip form
    }
  } else if (type.id() == TypeId::kString) {
    AppendJsonString(v.GetString(), out);
  } else if (type.id() == TypeId::kTimestamp) {
    *out += fmt::format("{{\"ts\": {}}}", TicksToMicros(v.GetInt64(), type.unit()));
  } else {
    *out += "{\"other\": ";
    AppendJsonString(v.ToString(), out);
    *out += "}";
  }
}

std::string ErrorLine(const copra::Status& status) {
  std::string out = "{\"error\": ";
  AppendJsonString(
      fmt::format("{} (SQLSTATE {})", status.message(), copra::SqlState(status.code())), &out);
  out += "}";
  return out;
}

std::string RunQuery(copra::Session& session, const std::string& sql) {
  auto result = session.Execute(sql);
  if (!result.ok()) return ErrorLine(result.status());
  if (!(*result)->returns_rows()) return "{\"error\": \"statement returned no rows\"}";
  auto batches = (*result)->FetchAll();
  if (!batches.ok()) return ErrorLine(batches.status());
  std::string out = "{\"rows\": [";
  bool first_row = true;
  for (const auto& batch : *batches) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      if (!first_row) out += ", ";
      first_row = false;
      out += "[";
      for (size_t c = 0; c < batch->num_columns(); ++c) {
        if (c > 0) out += ", ";
        AppendValue(*batch->column(c), r, &out);
      }
      out += "]";
    }
  }
  out += "]}";
  return out;
}

int Usage(const std::string& problem) {
  std::cerr << "copra_diff_runner: " << problem << "\n"
            << "usage: copra_diff_runner [--storage] [--set name=value]... SCRIPT\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::pair<std::string, std::string>> settings;
  std::string script_path;
  bool storage = false;  // durable storage tables in a temporary directory
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--storage") {
      storage = true;
    } else if (arg == "--set") {
      if (i + 1 >= argc) return Usage("--set needs name=value");
      const std::string value = argv[++i];
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) return Usage("--set expects name=value");
      settings.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage("unknown option " + arg);
    } else if (script_path.empty()) {
      script_path = arg;
    } else {
      return Usage("only one SCRIPT");
    }
  }
  if (script_path.empty()) return Usage("no SCRIPT");

  std::ifstream in(script_path);
  if (!in) return Usage("cannot open " + script_path);

  copra::DatabaseOptions options;
  options.data_dir = "";  // in memory
  std::string temp_dir;
  if (storage) {
    char tmpl[] = "/tmp/copra-diff-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return Usage("cannot create a temporary directory");
    temp_dir = options.data_dir = tmpl;
  }
  struct RemoveDir {
    std::string path;
    ~RemoveDir() {
      if (!path.empty()) std::filesystem::remove_all(path);
    }
  } remove_dir{temp_dir};
  auto db = copra::Database::Open(options);
  if (!db.ok()) {
    std::cerr << "copra_diff_runner: " << db.status().message() << "\n";
    return 1;
  }
  auto session = (*db)->Connect();
  for (const auto& [name, value] : settings) {
    copra::Status st = session->SetSetting(name, value);
    if (!st.ok()) {
      std::cerr << "copra_diff_runner: SET " << name << ": " << st.message() << "\n";
      return 1;
    }
  }

  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    if (line.size() < 2 || line[1] != '\t' || (line[0] != 'S' && line[0] != 'Q')) {
      std::cerr << "copra_diff_runner: " << script_path << ":" << line_no
                << ": expected S<TAB>sql or Q<TAB>sql\n";
      return 2;
    }
    const std::string sql = line.substr(2);
    if (line[0] == 'S') {
      auto result = session->Execute(sql);
      copra::Status st = result.ok() ? (*result)->FetchAll().status() : result.status();
      if (!st.ok()) {
        std::cerr << "copra_diff_runner: setup statement at line " << line_no
                  << " failed: " << st.message() << "\n  " << sql.substr(0, 300) << "\n";
        return 1;
      }
      continue;
    }
    std::cout << RunQuery(*session, sql) << "\n";
  }
  std::cout.flush();
  return std::cout.good() ? 0 : 1;
}
