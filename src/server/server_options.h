// ServerOptions: everything `copra serve` is configured with, and how a
// config file maps onto it. Precedence: built-in defaults < config file <
// command-line flags (the CLI applies its flags after LoadServerConfigFile).
//
// Config keys (see docs/operations.md):
//   data_dir    string  data directory (relative to the working directory)
//   http.addr   string  HTTP API listen address, HOST:PORT
//   pg.addr     string  PostgreSQL wire protocol listen address, HOST:PORT
//   log.level   string  debug | info | warn | error
//   pg.max_message_size      integer  bytes (default 64 MiB)
//   pg.max_connections       integer  (default 100)
//   pg.idle_timeout_ms       integer  0 = none (default)
//   pg.statement_timeout_ms  integer  0 = none (default)
//   pg.tls_cert / pg.tls_key string   PEM files: TLS for the PostgreSQL protocol
//   pg.tls_required          bool     refuse clients without TLS (default false)
//   http.tls_cert / http.tls_key  string  PEM files: HTTPS instead of HTTP
//   http.max_body_size      integer  bytes (default 256 MiB)
//   http.statement_timeout_ms integer  0 = none (default)
//   http.idle_timeout_ms    integer  keep-alive idle limit (default 5000)
//   http.max_connections    integer  open connections; more get 503 (default 256)
//   storage.wal_sync        string  every_commit | interval | never
//   storage.memtable_size   string  e.g. "64MB": a table's memtable is flushed at this size
//   storage.flush_interval  string  e.g. "5m": ...or when its oldest row is this old
//   python.process_workers        integer  worker processes of backend "process" (0 = min(2,
//   cores)) python.worker_memory_limit_mb integer  address-space limit per worker (0 = none)
//   python.worker_timeout_ms      integer  time limit per call on a worker (0 = none)
//   python.worker_binary          string   the copra binary workers run (default: this one)
// To add a key: a field here, a row in the table in server_options.cpp, and a
// line in docs/operations.md.
#pragma once

#include <string>
#include <vector>

#include "common/logging.h"
#include "common/status.h"
#include "python/worker_pool.h"
#include "server/config_file.h"
#include "server/net_address.h"
#include "server/pgwire/pg_options.h"
#include "storage/storage_options.h"

namespace copra {

struct ServerOptions {
  std::string data_dir = "copra-data";
  NetAddress http_addr{"127.0.0.1", 4000};
  // PEM certificate chain and private key: serve HTTPS (both or neither).
  int64_t http_max_body_size = int64_t{256} << 20;  // http.max_body_size
  int64_t http_statement_timeout_ms = 0;            // http.statement_timeout_ms
  int64_t http_idle_timeout_ms = 5000;              // http.idle_timeout_ms
  int64_t http_max_connections = 256;               // http.max_connections
  std::string http_tls_cert_file;
  std::string http_tls_key_file;
  NetAddress pg_addr{"127.0.0.1", 4003};
  LogLevel log_level = LogLevel::kInfo;
  pgwire::PgOptions pg;
  storage::StorageOptions storage;
  PythonWorkerOptions python;
};

// Sets the options named in `file`; others keep their values. Unknown keys
// and values of the wrong type or form are errors naming "<path>:<line>".
Status ApplyConfigFile(const ConfigFile& file, ServerOptions* options);

// ReadConfigFile + ApplyConfigFile.
Status LoadServerConfigFile(const std::string& path, ServerOptions* options);

// The documented keys, for messages and docs.
std::vector<std::string> ServerConfigKeys();

}  // namespace copra
