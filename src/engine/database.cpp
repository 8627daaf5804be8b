#include "engine/database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "catalog/catalog.h"
#include "catalog/information_schema.h"
#include "catalog/pg_catalog.h"
#include "catalog/user_store.h"
#include "engine/session.h"
#include "python/python_functions.h"
#include "python/script_registry.h"
#include "storage/numbers_table.h"
#include "storage/storage_engine.h"

namespace copra {

namespace {

// Takes an exclusive, non-blocking flock on <dir>/LOCK and records our pid in
// it. The kernel drops the lock when the process dies, so a crashed server
// never leaves a stale lock behind.
Result<int> LockDataDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::IOError("cannot create data directory \"" + dir + "\": " + ec.message());
  }
  std::string path = dir + "/LOCK";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::IOError("cannot open lock file \"" + path + "\": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    char buf[32] = {0};
    ssize_t n = ::pread(fd, buf, sizeof(buf) - 1, 0);
    ::close(fd);
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    if (err == EWOULDBLOCK) {
      return Status::Error(ErrorCode::kLockNotAvailable,
                           "data directory \"" + dir + "\" is in use by another Copra process" +
                               (holder.empty() ? "" : " (pid " + holder + ")"));
    }
    return Status::IOError("cannot lock \"" + path + "\": " + std::strerror(err));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock itself is what matters; the pid is informational.
  }
  return fd;
}

}  // namespace

Database::Database(DatabaseOptions options) : options_(std::move(options)) {}

Database::~Database() {
  python_functions_.reset();
  scripts_.reset();
  catalog_.reset();
  storage_.reset();
  if (lock_fd_ >= 0) {
    ::flock(lock_fd_, LOCK_UN);
    ::close(lock_fd_);
  }
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database(options));
  if (!options.data_dir.empty()) {
    COPRA_ASSIGN_OR_RETURN(db->lock_fd_, LockDataDirectory(options.data_dir));
  }
  COPRA_ASSIGN_OR_RETURN(db->users_, UserStore::Open(options.data_dir));
  db->catalog_ = std::make_unique<Catalog>();
  db->catalog_->RegisterSystemTable(std::make_shared<NumbersTable>());
  RegisterInformationSchema(db->catalog_.get());
  RegisterPgCatalog(db->catalog_.get());
  RegisterPgRoles(db->catalog_.get(), db->users_.get());
  if (!options.data_dir.empty()) {
    // Tables and databases persisted by earlier runs come back.
    COPRA_ASSIGN_OR_RETURN(db->storage_,
                           storage::StorageEngine::Open(options.data_dir, options.storage));
    for (const std::string& name : db->storage_->databases()) {
      COPRA_RETURN_NOT_OK(db->catalog_->CreateDatabase(name, /*if_not_exists=*/true));
    }
    for (const auto& table : db->storage_->tables()) {
      COPRA_RETURN_NOT_OK(db->catalog_->CreateDatabase(table->database(), true));
      COPRA_RETURN_NOT_OK(db->catalog_->CreateTable(table->database(), table, false));
    }
  }
  db->scripts_ = std::make_unique<ScriptRegistry>(options.data_dir);
  db->python_functions_ = std::make_unique<PythonFunctions>(options.data_dir, db->scripts_.get());
  // Stored scripts and functions; one that fails is logged, not fatal.
  COPRA_RETURN_NOT_OK(db->scripts_->LoadAll());
  COPRA_RETURN_NOT_OK(db->python_functions_->LoadAll());
  return db;
}

std::unique_ptr<Session> Database::Connect(const std::string& database) {
  return std::make_unique<Session>(this, database);
}

}  // namespace copra
