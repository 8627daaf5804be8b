// WalWriter: appends records to the newest segment of a region's WAL and
// makes them durable according to the sync policy. Group commit happens one
// level up (Region batches concurrent writers into one Append call); this
// class writes one group with one writev() and at most one fdatasync.
//
// A failed append is rolled back (the segment is truncated to its previous
// end) so that the WAL never holds garbage in its middle; if even that fails
// the writer is broken and refuses further appends.
//
// Thread safety: not thread-safe; the owning Region serializes calls
// (Append by the group-commit leader; Rotate/RemoveObsolete with no append
// in flight). Sync() may be called concurrently with nothing else either.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/wal/wal_record.h"

namespace copra::storage {

enum class WalSyncMode : uint8_t {
  kEveryCommit,  // fdatasync before acknowledging each group (default)
  kInterval,     // fdatasync from a background timer (may lose the last interval)
  kNever,        // leave it to the OS (may lose recent writes on power loss)
};

class WalWriter {
 public:
  // Starts a new segment for sequence numbers >= `next_sequence` in `dir`.
  static Result<std::unique_ptr<WalWriter>> Open(const std::string& dir, uint64_t next_sequence,
                                                 WalSyncMode mode);
  ~WalWriter();

  // Appends the records; durable on return when mode is kEveryCommit.
  Status Append(const std::vector<const WalRecord*>& records);
  // fdatasync of the current segment if anything was written since the last one.
  Status Sync();
  // Closes the current segment (synced) and starts one for >= `next_sequence`.
  Status Rotate(uint64_t next_sequence);
  // Removes segments holding only sequences <= `flushed_sequence` (never the
  // current one).
  Status RemoveObsolete(uint64_t flushed_sequence);
  int64_t segment_bytes() const { return offset_; }

 private:
  WalWriter(std::string dir, WalSyncMode mode) : dir_(std::move(dir)), mode_(mode) {}
  Status OpenSegment(uint64_t first_sequence);
  // writev of every buffer in `iov`, resuming after partial writes.
  Status WriteAllVectored(std::vector<iovec> iov);

  std::string dir_;
  WalSyncMode mode_;
  int fd_ = -1;
  std::string path_;
  uint64_t first_sequence_ = 0;
  int64_t offset_ = 0;
  bool dirty_ = false;
  Status broken_;
  std::string buffer_;  // the record headers of one Append
};

}  // namespace copra::storage
