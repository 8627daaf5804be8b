// Database: the embedded facade. Opens (and locks) a data directory, owns the
// catalog and storage, and hands out Sessions. One Database per process per
// data directory; a second process opening the same directory gets a clear
// kLockNotAvailable error naming the holder's pid.
//
// Thread safety: Database is thread-safe; Sessions are not (one per client).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "storage/storage_options.h"

namespace copra {

class Catalog;
class PythonFunctions;
class ScriptRegistry;
class Session;
namespace storage {
class StorageEngine;
}
class UserStore;

struct DatabaseOptions {
  // Data directory; created if missing. Empty = purely in memory (tests):
  // tables are MemoryTables and nothing is written to disk.
  std::string data_dir = "copra-data";
  // Durable storage tunables (docs/storage.md); unused without a data_dir.
  storage::StorageOptions storage;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A new session whose current database is `database`.
  std::unique_ptr<Session> Connect(const std::string& database = "public");

  Catalog& catalog() { return *catalog_; }
  // The durable storage engine, or nullptr for an in-memory database.
  storage::StorageEngine* storage() { return storage_.get(); }
  // Coprocessor scripts: CREATE SCRIPT, run_script(), POST /v1/scripts and
  // /v1/run-script (ScriptRegistry::Register / RunScript).
  ScriptRegistry& scripts() { return *scripts_; }
  // Python UDFs (CREATE FUNCTION ... LANGUAGE PYTHON).
  PythonFunctions& python_functions() { return *python_functions_; }
  // User accounts (<data_dir>/users); thread-safe.
  UserStore& users() { return *users_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  explicit Database(DatabaseOptions options);

  DatabaseOptions options_;
  int lock_fd_ = -1;  // flock()ed LOCK file in data_dir, released on close
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<storage::StorageEngine> storage_;
  std::unique_ptr<ScriptRegistry> scripts_;
  std::unique_ptr<PythonFunctions> python_functions_;
  std::unique_ptr<UserStore> users_;
};

}  // namespace copra
