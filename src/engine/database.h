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

namespace copra {

class Catalog;
class Session;
class UserStore;

struct DatabaseOptions {
  // Data directory; created if missing. Empty = purely in memory (tests).
  std::string data_dir = "copra-data";
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
  // User accounts (<data_dir>/users); thread-safe.
  UserStore& users() { return *users_; }
  const DatabaseOptions& options() const { return options_; }

 private:
  explicit Database(DatabaseOptions options);

  DatabaseOptions options_;
  int lock_fd_ = -1;  // flock()ed LOCK file in data_dir, released on close
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<UserStore> users_;
};

}  // namespace copra
