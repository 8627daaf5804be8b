// ConfigFile: parses Copra's configuration files, a small subset of TOML:
//
//   # comment
//   data_dir = "/var/lib/copra"     # basic "string" (escapes \" \\ \n \t \r) or 'literal'
//   [http]                          # a section prefixes the keys below it
//   addr = "127.0.0.1:4000"         # -> key "http.addr"
//   threads = 8                     # integers (1_000 allowed), floats, true/false
//
// Dotted keys (`http.addr = ...`) work as in TOML. Not supported: arrays,
// inline tables, multi-line strings, dates. Every error names "<path>:<line>".
// The parser knows no keys; server_options.cpp gives them meaning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace copra {

struct ConfigValue {
  enum class Kind { kString, kInteger, kFloat, kBool };

  Kind kind = Kind::kString;
  std::string string_value;
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;

  // "a string", "an integer", "a float" or "a boolean", for messages.
  const char* KindName() const;
};

struct ConfigEntry {
  std::string key;  // full dotted key, e.g. "http.addr"
  ConfigValue value;
  int line = 0;  // 1-based line in the file
};

struct ConfigFile {
  std::string path;                  // as given; used in messages
  std::vector<ConfigEntry> entries;  // in file order; keys are unique

  // "<path>:<line>: <message>" as a kInvalidArgument status.
  Status ErrorAt(int line, std::string_view message) const;
};

// Parses `text`; `path` only names the source in errors.
Result<ConfigFile> ParseConfigText(std::string_view text, const std::string& path);
// Reads and parses a file; a missing or unreadable file is a kIoError.
Result<ConfigFile> ReadConfigFile(const std::string& path);

}  // namespace copra
