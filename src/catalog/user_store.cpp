#include "catalog/user_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

}  // namespace

Result<std::unique_ptr<UserStore>> UserStore::Open(const std::string& dir) {
  std::unique_ptr<UserStore> store(new UserStore(dir));
  if (dir.empty()) return store;
  std::ifstream in(dir + "/users");
  if (!in) return store;  // no users yet
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    size_t tab = line.find('\t');
    Result<ScramVerifier> v = tab == std::string::npos
                                  ? Result<ScramVerifier>(Status::InvalidArgument("no tab"))
                                  : ScramVerifier::Parse(line.substr(tab + 1));
    if (!v.ok()) {
      return Status::Corruption("users file \"" + dir + "/users\" line " + std::to_string(lineno) +
                                " is damaged: " + v.status().message());
    }
    store->users_[line.substr(0, tab)] = *v;
  }
  return store;
}

Status UserStore::Save() const {
  if (dir_.empty()) return Status::OK();
  std::ostringstream out;
  for (const auto& [name, v] : users_) out << name << '\t' << v.ToString() << '\n';
  return WriteFileAtomically(dir_, "users", out.str());
}

Status UserStore::Create(const std::string& name, const std::string& password, bool if_not_exists) {
  COPRA_RETURN_NOT_OK(CheckPassword(password));
  if (name.empty() || name.find_first_of("\t\n") != std::string::npos) {
    return Status::InvalidArgument("invalid user name");
  }
  ScramVerifier v = MakeScramVerifier(password);
  std::lock_guard<std::mutex> lock(mutex_);
  if (users_.count(name) != 0) {
    if (if_not_exists) return Status::OK();
    return Status::Error(ErrorCode::kDuplicateObject, "role \"" + name + "\" already exists");
  }
  users_[name] = v;
  Status st = Save();
  if (!st.ok()) users_.erase(name);
  return st;
}

Status UserStore::SetPassword(const std::string& name, const std::string& password) {
  COPRA_RETURN_NOT_OK(CheckPassword(password));
  ScramVerifier v = MakeScramVerifier(password);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) {
    return Status::Error(ErrorCode::kUndefinedObject, "role \"" + name + "\" does not exist");
  }
  ScramVerifier old = it->second;
  it->second = v;
  Status st = Save();
  if (!st.ok()) it->second = old;
  return st;
}

Status UserStore::Drop(const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) {
    if (if_exists) return Status::OK();
    return Status::Error(ErrorCode::kUndefinedObject, "role \"" + name + "\" does not exist");
  }
  ScramVerifier old = it->second;
  users_.erase(it);
  Status st = Save();
  if (!st.ok()) users_[name] = old;
  return st;
}

std::optional<ScramVerifier> UserStore::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = users_.find(name);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> UserStore::Names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, v] : users_) out.push_back(name);
  return out;
}

bool UserStore::empty() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return users_.empty();
}

}  // namespace copra
