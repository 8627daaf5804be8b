#include "catalog/user_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace copra {

namespace {

Status WriteFileAtomically(const std::string& dir, const std::string& name,
                           const std::string& contents) {
  std::string path = dir + "/" + name;
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("cannot write \"" + tmp + "\": " + std::strerror(errno));
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::IOError("cannot write \"" + tmp + "\": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status::IOError("cannot sync \"" + tmp + "\": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IOError("cannot replace \"" + path + "\": " + std::strerror(errno));
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::OK();
}

Status CheckPassword(const std::string& password) {
  if (password.empty()) return Status::InvalidArgument("the password must not be empty");
  return Status::OK();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  while (true) {
    size_t tab = line.find('\t');
    out.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) return out;
    line.remove_prefix(tab + 1);
  }
}

bool ValidName(const std::string& name) {
  return !name.empty() && name.find_first_of("\t\n") == std::string::npos;
}

Status UndefinedUser(const std::string& name) {
  return Status::Error(ErrorCode::kUndefinedObject, "role \"" + name + "\" does not exist");
}

}  // namespace

Result<std::unique_ptr<UserStore>> UserStore::Open(const std::string& dir) {
  std::unique_ptr<UserStore> store(new UserStore(dir));
  if (dir.empty()) return store;
  std::ifstream in(dir + "/users");
  if (!in) return store;  // no users yet
  std::string line;
  int lineno = 0;
  bool legacy = true;  // no line has the superuser field: written before privileges
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    std::vector<std::string_view> fields = SplitTabs(line);
    auto damaged = [&](const std::string& why) {
      return Status::Corruption("users file \"" + dir + "/users\" line " + std::to_string(lineno) +
                                " is damaged: " + why);
    };
    if (fields.size() < 2) return damaged("no tab");
    Result<ScramVerifier> v = ScramVerifier::Parse(std::string(fields[1]));
    if (!v.ok()) return damaged(v.status().message());
    UserAccount account;
    account.verifier = *v;
    if (fields.size() >= 3) {
      legacy = false;
      if (fields[2] != "superuser" && fields[2] != "-") return damaged("bad attributes");
      account.superuser = fields[2] == "superuser";
    }
    for (size_t i = 3; i < fields.size(); ++i) {
      size_t colon = fields[i].find(':');
      std::optional<Privilege> level = colon == std::string_view::npos
                                           ? std::nullopt
                                           : ParsePrivilege(fields[i].substr(0, colon));
      if (!level.has_value() || colon + 1 == fields[i].size()) return damaged("bad grant");
      account.grants[std::string(fields[i].substr(colon + 1))] = *level;
    }
    store->users_[std::string(fields[0])] = std::move(account);
  }
  if (legacy) {
    for (auto& [name, account] : store->users_) account.superuser = true;
  }
  return store;
}

Status UserStore::Save() const {
  if (dir_.empty()) return Status::OK();
  std::ostringstream out;
  for (const auto& [name, a] : users_) {
    out << name << '\t' << a.verifier.ToString() << '\t' << (a.superuser ? "superuser" : "-");
    for (const auto& [db, level] : a.grants) out << '\t' << PrivilegeName(level) << ':' << db;
    out << '\n';
  }
  return WriteFileAtomically(dir_, "users", out.str());
}

template <typename Change>
Status UserStore::Update(const std::string& name, Change change) {
  auto it = users_.find(name);
  if (it == users_.end()) return UndefinedUser(name);
  UserAccount old = it->second;
  change(it->second);
  Status st = Save();
  if (!st.ok()) it->second = std::move(old);
  return st;
}

Status UserStore::Create(const std::string& name, const std::string& password, bool if_not_exists,
                         std::optional<bool> superuser) {
  COPRA_RETURN_NOT_OK(CheckPassword(password));
  if (!ValidName(name)) return Status::InvalidArgument("invalid user name");
  UserAccount account;
  account.verifier = MakeScramVerifier(password);
  std::lock_guard<std::mutex> lock(mutex_);
  if (users_.count(name) != 0) {
    if (if_not_exists) return Status::OK();
    return Status::Error(ErrorCode::kDuplicateObject, "role \"" + name + "\" already exists");
  }
  account.superuser = superuser.value_or(users_.empty());
  users_[name] = std::move(account);
  Status st = Save();
  if (!st.ok()) users_.erase(name);
  return st;
}

Status UserStore::Alter(const std::string& name, const std::optional<std::string>& password,
                        std::optional<bool> superuser) {
  std::optional<ScramVerifier> verifier;
  if (password.has_value()) {
    COPRA_RETURN_NOT_OK(CheckPassword(*password));
    verifier = MakeScramVerifier(*password);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return Update(name, [&](UserAccount& a) {
    if (verifier.has_value()) a.verifier = *verifier;
    if (superuser.has_value()) a.superuser = *superuser;
  });
}

Status UserStore::Drop(const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) {
    if (if_exists) return Status::OK();
    return UndefinedUser(name);
  }
  UserAccount old = it->second;
  users_.erase(it);
  Status st = Save();
  if (!st.ok()) users_[name] = std::move(old);
  return st;
}

Status UserStore::Grant(const std::string& name, const std::string& database, Privilege level) {
  if (!ValidName(database)) return Status::InvalidArgument("invalid database name");
  if (level == Privilege::kNone) return Status::OK();
  std::lock_guard<std::mutex> lock(mutex_);
  return Update(name, [&](UserAccount& a) {
    Privilege& held = a.grants[database];
    if (held < level) held = level;
  });
}

Status UserStore::Revoke(const std::string& name, const std::string& database, Privilege level) {
  if (level == Privilege::kNone) return Status::OK();
  std::lock_guard<std::mutex> lock(mutex_);
  return Update(name, [&](UserAccount& a) {
    auto it = a.grants.find(database);
    if (it == a.grants.end() || it->second < level) return;
    it->second = static_cast<Privilege>(static_cast<uint8_t>(level) - 1);
    if (it->second == Privilege::kNone) a.grants.erase(it);
  });
}

std::optional<ScramVerifier> UserStore::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) return std::nullopt;
  return it->second.verifier;
}

std::optional<UserAccount> UserStore::FindAccount(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

Privilege UserStore::PrivilegeOn(const std::string& name, const std::string& database) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) return Privilege::kNone;
  Privilege level = Privilege::kNone;
  for (std::string_view key : {std::string_view(database), kAllDatabases}) {
    auto g = it->second.grants.find(key);
    if (g != it->second.grants.end() && g->second > level) level = g->second;
  }
  return level;
}

bool UserStore::IsSuperuser(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  return it != users_.end() && it->second.superuser;
}

std::vector<std::string> UserStore::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, a] : users_) out.push_back(name);
  return out;
}

std::map<std::string, UserAccount> UserStore::Accounts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return users_;
}

bool UserStore::empty() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return users_.empty();
}

}  // namespace copra
