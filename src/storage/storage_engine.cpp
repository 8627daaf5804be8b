#include "storage/storage_engine.h"

#include <chrono>
#include <filesystem>

#include "common/logging.h"
#include "storage/file_util.h"
#include "storage/table_store.h"

namespace copra::storage {

namespace fs = std::filesystem;

namespace {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Pause before retrying a failed background job: 1 s, doubling up to 10 s.
struct Backoff {
  int64_t next_attempt_ms = 0;
  int64_t delay_ms = 0;
  void Failed(int64_t now) {
    delay_ms = delay_ms == 0 ? 1000 : std::min<int64_t>(delay_ms * 2, 10000);
    next_attempt_ms = now + delay_ms;
  }
};

bool ValidDirName(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != ".." &&
         name.find('\0') == std::string::npos;
}

}  // namespace

StorageEngine::StorageEngine(std::string data_dir, StorageOptions options)
    : data_dir_(std::move(data_dir)), options_(options) {}

Result<std::unique_ptr<StorageEngine>> StorageEngine::Open(const std::string& data_dir,
                                                           const StorageOptions& options) {
  std::unique_ptr<StorageEngine> engine(new StorageEngine(data_dir, options));
  COPRA_RETURN_NOT_OK(engine->Load());
  engine->StartBackgroundJobs();
  return engine;
}

StorageEngine::~StorageEngine() {
  {
    std::lock_guard<std::mutex> lock(jobs_mu_);
    stopping_ = true;
  }
  jobs_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  if (compactor_.joinable()) compactor_.join();
  for (const auto& t : Snapshot()) {
    Status st = t->region()->SyncWal();
    if (!st.ok()) COPRA_LOG(kWarn, "storage: " + st.message());
  }
}

Status StorageEngine::Load() {
  std::error_code ec;
  fs::create_directories(data_dir_ + "/regions", ec);
  if (!ec) fs::create_directories(data_dir_ + "/databases", ec);
  if (ec) return Status::IOError("cannot create \"" + data_dir_ + "/regions\": " + ec.message());
  for (const auto& entry : fs::directory_iterator(data_dir_ + "/databases", ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.substr(name.size() - 4) == ".tmp") continue;
    databases_.push_back(name);
  }
  std::sort(databases_.begin(), databases_.end());
  std::vector<std::pair<uint64_t, std::string>> regions;
  for (const auto& entry : fs::directory_iterator(data_dir_ + "/regions", ec)) {
    std::string name = entry.path().filename().string();
    char* end = nullptr;
    uint64_t id = std::strtoull(name.c_str(), &end, 10);
    next_region_id_ = std::max(next_region_id_, id + 1);
    if (*end != '\0') {
      // "<id>.tmp" (creation interrupted) or "<id>.dropped" (drop interrupted).
      fs::remove_all(entry.path(), ec);
      continue;
    }
    regions.emplace_back(id, entry.path().string());
  }
  std::sort(regions.begin(), regions.end());
  for (const auto& [id, dir] : regions) {
    COPRA_ASSIGN_OR_RETURN(TableDefinition def, LoadTableDefinition(dir + "/table.json"));
    COPRA_ASSIGN_OR_RETURN(auto region, Region::Open(dir, def.schema, options_));
    region->on_flush_needed = [this] { WakeFlusher(); };
    tables_[id] = std::make_shared<StorageTable>(def.database, def.name, id, region);
  }
  return Status::OK();
}

std::vector<std::string> StorageEngine::databases() const {
  std::lock_guard<std::mutex> lock(mu_);
  return databases_;
}

std::vector<std::shared_ptr<StorageTable>> StorageEngine::tables() const { return Snapshot(); }

std::vector<std::shared_ptr<StorageTable>> StorageEngine::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<StorageTable>> out;
  for (const auto& [id, t] : tables_) out.push_back(t);
  return out;
}

Status StorageEngine::CreateDatabase(const std::string& name) {
  if (!ValidDirName(name)) {
    return Status::Error(ErrorCode::kInvalidParameter, "invalid database name \"" + name + "\"");
  }
  COPRA_RETURN_NOT_OK(WriteFileAtomically(data_dir_ + "/databases/" + name, ""));
  std::lock_guard<std::mutex> lock(mu_);
  if (std::find(databases_.begin(), databases_.end(), name) == databases_.end()) {
    databases_.push_back(name);
  }
  return Status::OK();
}

Status StorageEngine::DropDatabase(const std::string& name) {
  std::vector<std::shared_ptr<StorageTable>> doomed;
  for (const auto& t : Snapshot()) {
    if (t->database() == name) doomed.push_back(t);
  }
  for (const auto& t : doomed) COPRA_RETURN_NOT_OK(DropTable(t));
  std::error_code ec;
  fs::remove(data_dir_ + "/databases/" + name, ec);
  if (ec) return Status::IOError("cannot remove database \"" + name + "\": " + ec.message());
  COPRA_RETURN_NOT_OK(SyncDirectory(data_dir_ + "/databases"));
  std::lock_guard<std::mutex> lock(mu_);
  databases_.erase(std::remove(databases_.begin(), databases_.end(), name), databases_.end());
  return Status::OK();
}

Result<std::shared_ptr<StorageTable>> StorageEngine::CreateTable(const std::string& database,
                                                                 const std::string& name,
                                                                 const TableSchema& schema) {
  uint64_t id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_region_id_++;
  }
  const std::string final_dir = data_dir_ + "/regions/" + std::to_string(id);
  const std::string tmp_dir = final_dir + ".tmp";
  std::error_code ec;
  fs::create_directories(tmp_dir, ec);
  if (ec) return Status::IOError("cannot create \"" + tmp_dir + "\": " + ec.message());
  Status st =
      StoreTableDefinition(tmp_dir + "/table.json", TableDefinition{database, name, schema});
  if (st.ok()) {
    fs::rename(tmp_dir, final_dir, ec);
    if (ec) st = Status::IOError("cannot create \"" + final_dir + "\": " + ec.message());
  }
  if (st.ok()) st = SyncDirectory(data_dir_ + "/regions");
  if (!st.ok()) {
    fs::remove_all(tmp_dir, ec);
    return st;
  }
  Result<std::shared_ptr<Region>> region = Region::Open(final_dir, schema, options_);
  if (!region.ok()) {
    fs::remove_all(final_dir, ec);
    return region.status();
  }
  (*region)->on_flush_needed = [this] { WakeFlusher(); };
  auto table = std::make_shared<StorageTable>(database, name, id, *region);
  std::lock_guard<std::mutex> lock(mu_);
  tables_[id] = table;
  return table;
}

Result<std::shared_ptr<StorageTable>> StorageEngine::AlterTable(
    const std::shared_ptr<StorageTable>& table, const std::string& new_name,
    const SchemaChange* change) {
  std::shared_ptr<Region> region = table->region();
  if (new_name != table->name()) {
    const std::string path = region->dir() + "/table.json";
    COPRA_ASSIGN_OR_RETURN(TableDefinition def, LoadTableDefinition(path));
    def.name = new_name;
    COPRA_RETURN_NOT_OK(StoreTableDefinition(path, def));
  }
  if (change != nullptr) {
    COPRA_ASSIGN_OR_RETURN(region, region->Alter(*change));
  }
  auto next =
      std::make_shared<StorageTable>(table->database(), new_name, table->region_id(), region);
  std::lock_guard<std::mutex> lock(mu_);
  tables_[table->region_id()] = next;
  return next;
}

Status StorageEngine::DropTable(const std::shared_ptr<StorageTable>& table) {
  table->region()->Close();
  {
    std::lock_guard<std::mutex> lock(mu_);
    tables_.erase(table->region_id());
  }
  const std::string dir = table->region()->dir();
  const std::string dropped = dir + ".dropped";
  std::error_code ec;
  fs::rename(dir, dropped, ec);
  if (ec) return Status::IOError("cannot drop table data \"" + dir + "\": " + ec.message());
  COPRA_RETURN_NOT_OK(SyncDirectory(data_dir_ + "/regions"));
  fs::remove_all(dropped, ec);  // a crash here is cleaned up at the next open
  return Status::OK();
}

Status StorageEngine::FlushAll() {
  for (const auto& t : Snapshot()) COPRA_RETURN_NOT_OK(t->region()->Flush());
  return Status::OK();
}

void StorageEngine::WakeFlusher() {
  {
    std::lock_guard<std::mutex> lock(jobs_mu_);
    flush_wanted_ = true;
  }
  jobs_cv_.notify_all();
}

void StorageEngine::StartBackgroundJobs() {
  flusher_ = std::thread([this] { FlushLoop(); });
  compactor_ = std::thread([this] { CompactionLoop(); });
}

void StorageEngine::FlushLoop() {
  int64_t last_sync = NowMillis();
  std::map<uint64_t, Backoff> flush_backoff;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(jobs_mu_);
      int64_t wait_ms = options_.wal_sync == WalSyncMode::kInterval
                            ? std::min<int64_t>(200, options_.wal_sync_interval_ms)
                            : 200;
      jobs_cv_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                        [this] { return stopping_ || flush_wanted_; });
      if (stopping_) return;
      flush_wanted_ = false;
    }
    const int64_t now = NowMillis();
    const bool sync = options_.wal_sync == WalSyncMode::kInterval &&
                      now - last_sync >= options_.wal_sync_interval_ms;
    if (sync) last_sync = now;
    for (const auto& t : Snapshot()) {
      if (sync) {
        Status st = t->region()->SyncWal();
        if (!st.ok()) COPRA_LOG(kError, "storage: WAL sync failed: " + st.message());
      }
      // After a failure (disk full...), retry with a growing pause rather
      // than every tick; ADMIN FLUSH still tries at once.
      Backoff& backoff = flush_backoff[t->region_id()];
      if (now < backoff.next_attempt_ms || !t->region()->NeedsFlush(now)) continue;
      Status st = t->region()->FlushOnce();
      if (st.ok()) {
        backoff = Backoff{};
      } else {
        backoff.Failed(now);
        COPRA_LOG(kError, "storage: flush of table \"" + t->name() + "\" failed (retrying in " +
                              std::to_string(backoff.delay_ms / 1000.0) + " s): " + st.message());
      }
    }
  }
}

void StorageEngine::CompactionLoop() {
  std::map<uint64_t, Backoff> compaction_backoff;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(jobs_mu_);
      jobs_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
      if (stopping_) return;
    }
    const int64_t now = NowMillis();
    for (const auto& t : Snapshot()) {
      Backoff& backoff = compaction_backoff[t->region_id()];
      if (now < backoff.next_attempt_ms || !t->region()->NeedsCompaction(now)) continue;
      Status st = t->region()->Compact(false);
      if (st.ok()) {
        backoff = Backoff{};
      } else {
        backoff.Failed(now);
        COPRA_LOG(kError,
                  "storage: compaction of table \"" + t->name() + "\" failed: " + st.message());
      }
    }
  }
}

}  // namespace copra::storage
