// UserStore: the server's user accounts (CREATE/ALTER/DROP USER, GRANT,
// REVOKE): each a name, a SCRAM-SHA-256 verifier (common/scram.h; passwords
// are never stored), the superuser attribute and the privileges granted per
// database (catalog/privilege.h). Persisted in <data_dir>/users, one line
// per user, tab-separated:
//   name  verifier  superuser|-  [level:database ...]
// replaced atomically (write a temporary file, fsync, rename, fsync the
// directory) on every change, so a crash leaves the old or the new list.
// A users file written before privileges existed (two fields per line)
// loads with every user a superuser: they could do everything then.
//
// The first user created while none exists is a superuser unless created
// NOSUPERUSER explicitly (PostgreSQL's bootstrap superuser), so creating
// the first account never locks its creator out.
//
// While no user exists, clients are trusted (and servers listen on loopback
// only); once one exists, the PostgreSQL protocol asks for SCRAM-SHA-256 and
// HTTP for Basic authentication, and privileges are checked
// (engine/access_control.h).
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/privilege.h"
#include "common/scram.h"
#include "common/status.h"

namespace copra {

struct UserAccount {
  ScramVerifier verifier;
  bool superuser = false;
  // Database name (or kAllDatabases) -> granted level; never kNone.
  std::map<std::string, Privilege, std::less<>> grants;
};

class UserStore {
 public:
  // Loads <dir>/users if it exists; an empty `dir` keeps users in memory.
  static Result<std::unique_ptr<UserStore>> Open(const std::string& dir);

  // kDuplicateObject unless if_not_exists. `superuser` unset: true for the
  // first user, false otherwise.
  Status Create(const std::string& name, const std::string& password, bool if_not_exists,
                std::optional<bool> superuser = std::nullopt);
  // Changes what is given. kUndefinedObject when there is no such user.
  Status Alter(const std::string& name, const std::optional<std::string>& password,
               std::optional<bool> superuser);
  Status SetPassword(const std::string& name, const std::string& password) {
    return Alter(name, password, std::nullopt);
  }
  Status Drop(const std::string& name, bool if_exists);

  // Raises the user's level on `database` (or kAllDatabases) to at least
  // `level`.
  Status Grant(const std::string& name, const std::string& database, Privilege level);
  // Takes `level` away: a user holding it (or more) keeps the level below
  // it (REVOKE WRITE from an admin leaves read; REVOKE READ leaves nothing).
  Status Revoke(const std::string& name, const std::string& database, Privilege level);

  std::optional<ScramVerifier> Find(const std::string& name) const;
  std::optional<UserAccount> FindAccount(const std::string& name) const;
  // The user's level on `database`: the higher of its grant there and its
  // grant on all databases (superuser aside; kNone for unknown users).
  Privilege PrivilegeOn(const std::string& name, const std::string& database) const;
  bool IsSuperuser(const std::string& name) const;

  std::vector<std::string> Names() const;
  std::map<std::string, UserAccount> Accounts() const;
  bool empty() const;

 private:
  explicit UserStore(std::string dir) : dir_(std::move(dir)) {}
  // Writes the list; the caller holds mutex_.
  Status Save() const;
  // Runs `change` on the account `name` and saves; restores the account
  // when saving fails. The caller holds mutex_.
  template <typename Change>
  Status Update(const std::string& name, Change change);

  std::string dir_;
  mutable std::mutex mutex_;
  std::map<std::string, UserAccount> users_;  // guarded by mutex_
};

}  // namespace copra
