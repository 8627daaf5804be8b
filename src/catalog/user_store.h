// UserStore: the server's user accounts (CREATE/ALTER/DROP USER), each a
// name and a SCRAM-SHA-256 verifier (common/scram.h; passwords are never
// stored), persisted in <data_dir>/users: one "name<TAB>verifier" line per
// user, replaced atomically (write a temporary file, fsync, rename, fsync
// the directory) on every change, so a crash leaves the old or the new list.
//
// While no user exists, clients are trusted (and servers listen on loopback
// only); once one exists, the PostgreSQL protocol asks for SCRAM-SHA-256 and
// HTTP for Basic authentication.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/scram.h"
#include "common/status.h"

namespace copra {

class UserStore {
 public:
  // Loads <dir>/users if it exists; an empty `dir` keeps users in memory.
  static Result<std::unique_ptr<UserStore>> Open(const std::string& dir);

  // kDuplicateObject unless if_not_exists.
  Status Create(const std::string& name, const std::string& password, bool if_not_exists);
  // kUndefinedObject when there is no such user.
  Status SetPassword(const std::string& name, const std::string& password);
  Status Drop(const std::string& name, bool if_exists);

  std::optional<ScramVerifier> Find(const std::string& name) const;
  std::vector<std::string> Names() const;
  bool empty() const;

 private:
  explicit UserStore(std::string dir) : dir_(std::move(dir)) {}
  // Writes the list; the caller holds mutex_.
  Status Save() const;

  std::string dir_;
  mutable std::mutex mutex_;
  std::map<std::string, ScramVerifier> users_;  // guarded by mutex_
};

}  // namespace copra
