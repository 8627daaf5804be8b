#include "storage/wal/wal_writer.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/copra_metrics.h"
#include "storage/checksum.h"
#include "storage/file_util.h"
#include "storage/wal/wal_reader.h"

namespace copra::storage {

namespace {

// fdatasync, counted and timed for the metrics.
int SyncData(int fd) {
  const CopraMetrics& m = CopraMetrics::Get();
  m.wal_syncs->Increment();
  int rc, err;
  {
    ScopedTimer timer(m.wal_sync_seconds);
    rc = ::fdatasync(fd);
    err = errno;
  }
  errno = err;  // for the caller's message
  return rc;
}

}  // namespace

Result<std::unique_ptr<WalWriter>> WalWriter::Open(const std::string& dir, uint64_t next_sequence,
                                                   WalSyncMode mode) {
  std::unique_ptr<WalWriter> w(new WalWriter(dir, mode));
  COPRA_RETURN_NOT_OK(w->OpenSegment(next_sequence));
  return w;
}

WalWriter::~WalWriter() {
  if (fd_ >= 0) {
    if (dirty_ && mode_ != WalSyncMode::kNever) SyncData(fd_);
    ::close(fd_);
  }
}

Status WalWriter::OpenSegment(uint64_t first_sequence) {
  std::string path = dir_ + "/" + WalSegmentName(first_sequence);
  // A segment of this name can exist only empty (rotated, then a crash) or
  // with records recovery already replayed; appending after them is safe.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create WAL segment", path, errno);
  off_t size = ::lseek(fd, 0, SEEK_END);
  COPRA_RETURN_NOT_OK(SyncDirectory(dir_));
  fd_ = fd;
  path_ = path;
  first_sequence_ = first_sequence;
  offset_ = size < 0 ? 0 : size;
  dirty_ = false;
  return Status::OK();
}

Status WalWriter::Append(const std::vector<const WalRecord*>& records) {
  if (!broken_.ok()) return broken_;
  // Headers in one buffer; payloads are written from where they are
  // (writev), so a group's rows are not copied once more.
  buffer_.resize(records.size() * kWalHeaderSize);
  std::vector<iovec> iov;
  iov.reserve(records.size() * 2);
  size_t total = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const WalRecord* r = records[i];
    char* h = buffer_.data() + i * kWalHeaderSize;
    uint32_t length = static_cast<uint32_t>(r->payload.size());
    std::memcpy(h + 4, &length, 4);
    h[8] = static_cast<char>(r->type);
    std::memcpy(h + 9, &r->sequence, 8);
    uint32_t crc = Crc32c(0, h + 4, kWalHeaderSize - 4);
    crc = Crc32c(crc, r->payload.data(), length);
    std::memcpy(h, &crc, 4);
    iov.push_back({h, kWalHeaderSize});
    if (length > 0) iov.push_back({const_cast<char*>(r->payload.data()), length});
    total += kWalHeaderSize + length;
  }
  Status st = WriteAllVectored(iov);
  if (st.ok() && mode_ == WalSyncMode::kEveryCommit && SyncData(fd_) != 0) {
    st = ErrnoStatus("fdatasync WAL segment", path_, errno);
    // After a failed fsync the page cache state is unknown: stop writing.
    broken_ = st;
    return st;
  }
  if (!st.ok()) {
    // Roll back the partial write so the WAL never holds garbage in the middle.
    if (::ftruncate(fd_, offset_) != 0) broken_ = st;
    return st;
  }
  offset_ += static_cast<int64_t>(total);
  CopraMetrics::Get().wal_bytes->Increment(total);
  dirty_ = mode_ != WalSyncMode::kEveryCommit;
  return Status::OK();
}

Status WalWriter::WriteAllVectored(std::vector<iovec> iov) {
  if (DiskFullForTesting()) return ErrnoStatus("write", path_, ENOSPC);
  size_t at = 0;
  while (at < iov.size()) {
    const int count = static_cast<int>(std::min<size_t>(iov.size() - at, IOV_MAX));
    ssize_t w = ::writev(fd_, iov.data() + at, count);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path_, errno);
    }
    // Skip what was written; a partial write resumes inside an iovec.
    auto left = static_cast<size_t>(w);
    while (at < iov.size() && left >= iov[at].iov_len) left -= iov[at++].iov_len;
    if (left > 0) {
      iov[at].iov_base = static_cast<char*>(iov[at].iov_base) + left;
      iov[at].iov_len -= left;
    }
  }
  return Status::OK();
}

Status WalWriter::Sync() {
  if (!dirty_ || fd_ < 0) return Status::OK();
  if (SyncData(fd_) != 0) return ErrnoStatus("fdatasync WAL segment", path_, errno);
  dirty_ = false;
  return Status::OK();
}

Status WalWriter::Rotate(uint64_t next_sequence) {
  if (!broken_.ok()) return broken_;
  if (next_sequence == first_sequence_ && offset_ == 0) return Status::OK();
  if (dirty_ && SyncData(fd_) != 0) return ErrnoStatus("fdatasync WAL segment", path_, errno);
  ::close(fd_);
  fd_ = -1;
  return OpenSegment(next_sequence);
}

Status WalWriter::RemoveObsolete(uint64_t flushed_sequence) {
  COPRA_ASSIGN_OR_RETURN(auto segments, ListWalSegments(dir_));
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    // Segment i holds sequences < the next segment's first one.
    if (segments[i + 1].first > flushed_sequence + 1) break;
    if (segments[i].second == path_) break;
    if (::unlink(segments[i].second.c_str()) != 0 && errno != ENOENT) {
      return ErrnoStatus("remove WAL segment", segments[i].second, errno);
    }
  }
  return Status::OK();
}

}  // namespace copra::storage
