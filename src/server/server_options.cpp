#include "server/server_options.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>

#include "storage/time_window.h"

namespace copra {

namespace {

// One row per config key. `apply` gets a value already checked to be a
// string; it returns a plain message on a bad value (the caller adds file:line).
struct KeySpec {
  const char* key;
  std::function<Status(const std::string&, ServerOptions*)> apply;
  // Integer keys: the allowed range and where the value goes.
  std::function<void(int64_t, ServerOptions*)> apply_int = nullptr;
  int64_t min = 0;
  int64_t max = 0;
  // Boolean keys: where the value goes.
  std::function<void(bool, ServerOptions*)> apply_bool = nullptr;
};

// A string key whose value is a file name stored in `field`.
KeySpec FileKey(const char* key, std::string ServerOptions::*field) {
  return {key, [field](const std::string& v, ServerOptions* o) {
            if (v.empty()) return Status::InvalidArgument("must not be empty");
            o->*field = v;
            return Status::OK();
          }};
}

KeySpec PgFileKey(const char* key, std::string pgwire::PgOptions::*field) {
  return {key, [field](const std::string& v, ServerOptions* o) {
            if (v.empty()) return Status::InvalidArgument("must not be empty");
            o->pg.*field = v;
            return Status::OK();
          }};
}

Status ApplyAddress(const std::string& text, NetAddress* out) {
  COPRA_ASSIGN_OR_RETURN(*out, ParseNetAddress(text));
  return Status::OK();
}

const std::vector<KeySpec>& KeySpecs() {
  static const std::vector<KeySpec> specs = {
      {"data_dir",
       [](const std::string& v, ServerOptions* o) {
         if (v.empty()) return Status::InvalidArgument("must not be empty");
         o->data_dir = v;
         return Status::OK();
       }},
      {"http.addr",
       [](const std::string& v, ServerOptions* o) { return ApplyAddress(v, &o->http_addr); }},
      {"pg.addr",
       [](const std::string& v, ServerOptions* o) { return ApplyAddress(v, &o->pg_addr); }},
      {"log.level",
       [](const std::string& v, ServerOptions* o) {
         COPRA_ASSIGN_OR_RETURN(o->log_level, ParseLogLevel(v));
         return Status::OK();
       }},
      {"pg.max_message_size", nullptr,
       [](int64_t v, ServerOptions* o) { o->pg.max_message_size = v; }, 1024, int64_t{1} << 30},
      {"pg.max_connections", nullptr,
       [](int64_t v, ServerOptions* o) { o->pg.max_connections = static_cast<int>(v); }, 1, 100000},
      {"pg.idle_timeout_ms", nullptr,
       [](int64_t v, ServerOptions* o) { o->pg.idle_timeout_ms = v; }, 0, INT32_MAX},
      {"pg.statement_timeout_ms", nullptr,
       [](int64_t v, ServerOptions* o) { o->pg.statement_timeout_ms = v; }, 0, INT32_MAX},
      {"storage.wal_sync",
       [](const std::string& v, ServerOptions* o) {
         COPRA_ASSIGN_OR_RETURN(o->storage.wal_sync, storage::ParseWalSyncMode(v));
         return Status::OK();
       }},
      {"storage.memtable_size",
       [](const std::string& v, ServerOptions* o) {
         COPRA_ASSIGN_OR_RETURN(int64_t bytes, storage::ParseByteSize(v));
         if (bytes < (1 << 20)) return Status::InvalidArgument("must be at least 1MB");
         o->storage.memtable_bytes = bytes;
         return Status::OK();
       }},
      {"storage.flush_interval",
       [](const std::string& v, ServerOptions* o) {
         COPRA_ASSIGN_OR_RETURN(int64_t ms, storage::ParseDurationMillis(v));
         if (ms <= 0) return Status::InvalidArgument("must be positive");
         o->storage.flush_age_ms = ms;
         return Status::OK();
       }},
      PgFileKey("pg.tls_cert", &pgwire::PgOptions::tls_cert_file),
      PgFileKey("pg.tls_key", &pgwire::PgOptions::tls_key_file),
      {"pg.tls_required", nullptr, nullptr, 0, 0,
       [](bool v, ServerOptions* o) { o->pg.tls_required = v; }},
      FileKey("http.tls_cert", &ServerOptions::http_tls_cert_file),
      FileKey("http.tls_key", &ServerOptions::http_tls_key_file),
      {"http.max_body_size", nullptr,
       [](int64_t v, ServerOptions* o) { o->http_max_body_size = v; }, 1024, int64_t{1} << 34},
      {"http.statement_timeout_ms", nullptr,
       [](int64_t v, ServerOptions* o) { o->http_statement_timeout_ms = v; }, 0, INT32_MAX},
      {"http.idle_timeout_ms", nullptr,
       [](int64_t v, ServerOptions* o) { o->http_idle_timeout_ms = v; }, 1, 3600000},
      {"http.max_connections", nullptr,
       [](int64_t v, ServerOptions* o) { o->http_max_connections = v; }, 1, 100000},
      {"python.process_workers", nullptr,
       [](int64_t v, ServerOptions* o) { o->python.workers = static_cast<int>(v); }, 0, 256},
      {"python.worker_memory_limit_mb", nullptr,
       [](int64_t v, ServerOptions* o) { o->python.memory_limit_mb = v; }, 0, int64_t{1} << 30},
      {"python.worker_timeout_ms", nullptr,
       [](int64_t v, ServerOptions* o) { o->python.timeout_ms = v; }, 0, INT32_MAX},
      {"python.worker_binary",
       [](const std::string& v, ServerOptions* o) {
         o->python.executable = v;
         return Status::OK();
       }},
      {"python.sys_path",
       [](const std::string& v, ServerOptions* o) {
         o->python.sys_path = v;
         return Status::OK();
       }},
  };
  return specs;
}

}  // namespace

std::vector<std::string> ServerConfigKeys() {
  std::vector<std::string> keys;
  for (const KeySpec& spec : KeySpecs()) keys.emplace_back(spec.key);
  return keys;
}

Status ApplyConfigFile(const ConfigFile& file, ServerOptions* options) {
  for (const ConfigEntry& entry : file.entries) {
    const KeySpec* spec = nullptr;
    for (const KeySpec& s : KeySpecs()) {
      if (entry.key == s.key) spec = &s;
    }
    if (spec == nullptr) {
      return file.ErrorAt(entry.line, fmt::format("unknown key \"{}\" (known keys: {})", entry.key,
                                                  fmt::join(ServerConfigKeys(), ", ")));
    }
    if (spec->apply_bool != nullptr) {
      if (entry.value.kind != ConfigValue::Kind::kBool) {
        return file.ErrorAt(entry.line, fmt::format("{} must be true or false, not {}", entry.key,
                                                    entry.value.KindName()));
      }
      spec->apply_bool(entry.value.bool_value, options);
      continue;
    }
    if (spec->apply_int != nullptr) {
      if (entry.value.kind != ConfigValue::Kind::kInteger) {
        return file.ErrorAt(entry.line, fmt::format("{} must be an integer, not {}", entry.key,
                                                    entry.value.KindName()));
      }
      int64_t v = entry.value.int_value;
      if (v < spec->min || v > spec->max) {
        return file.ErrorAt(entry.line, fmt::format("{} must be between {} and {}, not {}",
                                                    entry.key, spec->min, spec->max, v));
      }
      spec->apply_int(v, options);
      continue;
    }
    if (entry.value.kind != ConfigValue::Kind::kString) {
      return file.ErrorAt(entry.line, fmt::format("{} must be a string in quotes, not {}",
                                                  entry.key, entry.value.KindName()));
    }
    Status st = spec->apply(entry.value.string_value, options);
    if (!st.ok()) return file.ErrorAt(entry.line, fmt::format("{}: {}", entry.key, st.message()));
  }
  return Status::OK();
}

Status LoadServerConfigFile(const std::string& path, ServerOptions* options) {
  COPRA_ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(path));
  return ApplyConfigFile(file, options);
}

}  // namespace copra
