#include "server/server_options.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

Status Apply(std::string_view text, ServerOptions* options) {
  auto file = ParseConfigText(text, "c.toml");
  if (!file.ok()) return file.status();
  return ApplyConfigFile(*file, options);
}

TEST(ServerOptionsTest, Defaults) {
  ServerOptions o;
  EXPECT_EQ(o.data_dir, "copra-data");
  EXPECT_EQ(o.http_addr.ToString(), "127.0.0.1:4000");
  EXPECT_EQ(o.pg_addr.ToString(), "127.0.0.1:4003");
  EXPECT_EQ(o.log_level, LogLevel::kInfo);
}

TEST(ServerOptionsTest, AppliesDocumentedKeys) {
  ServerOptions o;
  Status st = Apply(
      "data_dir = \"/tmp/x\"\n"
      "[http]\naddr = \"127.0.0.2:5000\"\n"
      "[pg]\naddr = \"[::1]:5003\"\n"
      "[log]\nlevel = \"debug\"\n",
      &o);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(o.data_dir, "/tmp/x");
  EXPECT_EQ(o.http_addr.ToString(), "127.0.0.2:5000");
  EXPECT_EQ(o.pg_addr.ToString(), "[::1]:5003");
  EXPECT_EQ(o.log_level, LogLevel::kDebug);
}

TEST(ServerOptionsTest, KeysAbsentFromFileKeepTheirValues) {
  ServerOptions o;
  o.data_dir = "mine";
  ASSERT_TRUE(Apply("http.addr = \"127.0.0.1:1\"\n", &o).ok());
  EXPECT_EQ(o.data_dir, "mine");
  EXPECT_EQ(o.http_addr.port, 1);
}

TEST(ServerOptionsTest, TlsKeys) {
  ServerOptions o;
  Status st = Apply(
      "[pg]\ntls_cert = \"/etc/c.crt\"\ntls_key = \"/etc/c.key\"\ntls_required = true\n"
      "[http]\ntls_cert = \"h.crt\"\ntls_key = \"h.key\"\n",
      &o);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(o.pg.tls_cert_file, "/etc/c.crt");
  EXPECT_EQ(o.pg.tls_key_file, "/etc/c.key");
  EXPECT_TRUE(o.pg.tls_required);
  EXPECT_EQ(o.http_tls_cert_file, "h.crt");
  EXPECT_EQ(o.http_tls_key_file, "h.key");
  st = Apply("[pg]\ntls_required = \"yes\"\n", &o);
  EXPECT_NE(st.message().find("pg.tls_required must be true or false"), std::string::npos)
      << st.message();
  EXPECT_FALSE(Apply("[pg]\ntls_cert = \"\"\n", &o).ok());
}

TEST(ServerOptionsTest, PgLimitsAreIntegersInRange) {
  ServerOptions o;
  ASSERT_TRUE(Apply("[pg]\nmax_connections = 7\nstatement_timeout_ms = 1500\n", &o).ok());
  EXPECT_EQ(o.pg.max_connections, 7);
  EXPECT_EQ(o.pg.statement_timeout_ms, 1500);
  Status st = Apply("[pg]\nmax_connections = \"7\"\n", &o);
  EXPECT_EQ(st.message(), "c.toml:2: pg.max_connections must be an integer, not a string");
  st = Apply("[pg]\nmax_message_size = 10\n", &o);
  EXPECT_EQ(st.message(),
            "c.toml:2: pg.max_message_size must be between 1024 and 1073741824, not 10");
}

TEST(ServerOptionsTest, PythonWorkerKeys) {
  ServerOptions o;
  EXPECT_EQ(o.python.workers, 0);
  EXPECT_EQ(o.python.memory_limit_mb, 2048);
  EXPECT_EQ(o.python.timeout_ms, 0);
  Status st = Apply(
      "[python]\nprocess_workers = 3\nworker_memory_limit_mb = 512\nworker_timeout_ms = 1000\n"
      "worker_binary = \"/opt/copra\"\nsys_path = \"/srv/modules:/srv/venv/lib/python3.11/"
      "site-packages\"\n",
      &o);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(o.python.sys_path, "/srv/modules:/srv/venv/lib/python3.11/site-packages");
  EXPECT_EQ(o.python.workers, 3);
  EXPECT_EQ(o.python.memory_limit_mb, 512);
  EXPECT_EQ(o.python.timeout_ms, 1000);
  EXPECT_EQ(o.python.executable, "/opt/copra");
  st = Apply("[python]\nprocess_workers = -1\n", &o);
  EXPECT_EQ(st.message(), "c.toml:2: python.process_workers must be between 0 and 256, not -1");
}

TEST(ServerOptionsTest, ErrorsNameFileAndLine) {
  ServerOptions o;
  Status st = Apply("\n[http]\naddr = 4000\n", &o);
  EXPECT_EQ(st.message(), "c.toml:3: http.addr must be a string in quotes, not an integer");
  st = Apply("[http]\nport = \"4000\"\n", &o);
  EXPECT_EQ(st.message(),
            "c.toml:2: unknown key \"http.port\" (known keys: data_dir, http.addr, pg.addr, "
            "log.level, pg.max_message_size, pg.max_connections, pg.idle_timeout_ms, "
            "pg.statement_timeout_ms, storage.wal_sync, storage.memtable_size, "
            "storage.flush_interval, pg.tls_cert, pg.tls_key, pg.tls_required, http.tls_cert, "
            "http.tls_key, http.max_body_size, http.statement_timeout_ms, http.idle_timeout_ms, "
            "http.max_connections, python.process_workers, python.worker_memory_limit_mb, "
            "python.worker_timeout_ms, "
            "python.worker_binary, python.sys_path)");
  st = Apply("pg.addr = \"nowhere\"\n", &o);
  EXPECT_EQ(st.message().rfind("c.toml:1: pg.addr: invalid address \"nowhere\"", 0), 0u)
      << st.message();
  st = Apply("data_dir = \"\"\n", &o);
  EXPECT_EQ(st.message(), "c.toml:1: data_dir: must not be empty");
  st = Apply("storage.memtable_size = \"lots\"\n", &o);
  EXPECT_EQ(st.message().rfind("c.toml:1: storage.memtable_size: expected a size", 0), 0u)
      << st.message();
  ASSERT_TRUE(Apply("[storage]\nwal_sync = \"interval\"\nmemtable_size = \"16MB\"\n"
                    "flush_interval = \"30s\"\n",
                    &o)
                  .ok());
  EXPECT_EQ(o.storage.wal_sync, storage::WalSyncMode::kInterval);
  EXPECT_EQ(o.storage.memtable_bytes, 16 << 20);
  EXPECT_EQ(o.storage.flush_age_ms, 30000);
  EXPECT_EQ(o.http_max_connections, 256);
  ASSERT_TRUE(Apply("[http]\nstatement_timeout_ms = 2500\nidle_timeout_ms = 1000\n"
                    "max_connections = 3\n",
                    &o)
                  .ok());
  EXPECT_EQ(o.http_statement_timeout_ms, 2500);
  EXPECT_EQ(o.http_idle_timeout_ms, 1000);
  EXPECT_EQ(o.http_max_connections, 3);
  EXPECT_FALSE(Apply("[http]\nmax_connections = 0\n", &o).ok());
  st = Apply("[http]\nidle_timeout_ms = 0\n", &o);
  EXPECT_FALSE(st.ok());
  st = Apply("log.level = \"loud\"\n", &o);
  EXPECT_EQ(st.message().rfind("c.toml:1: log.level: unknown log level \"loud\"", 0), 0u);
}

}  // namespace
}  // namespace copra
