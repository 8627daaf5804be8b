// WalReader: recovery. Reads every segment of a region's WAL in order and
// hands each intact record to a callback.
//
// A damaged record (bad checksum, impossible length, or cut off by the end of
// the file) is a torn tail — the crash happened while it was being written —
// when it is in the newest segment and nothing but zeros follows its
// claimed end. Torn tails are dropped and the segment truncated before
// them. Any other damage (in an older segment, or followed by more data) is
// reported as kDataCorrupted naming the file and offset: nothing is skipped
// silently.
//
// Thread safety: a free function; run it before any writer opens the WAL.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/wal/wal_record.h"

namespace copra::storage {

struct WalReplayResult {
  uint64_t last_record_sequence = 0;  // sequence of the last intact record (0 if none)
  int64_t records = 0;                // intact records read
  int64_t torn_tail_bytes = 0;        // bytes dropped at the end of the newest segment
};

// Calls `apply` for every record, in order; stops on its first error.
// Record sequences must increase (otherwise kDataCorrupted).
Result<WalReplayResult> ReplayWal(const std::string& dir,
                                  const std::function<Status(const WalRecord&)>& apply);

// Segment files of `dir` as (first sequence, path), oldest first.
Result<std::vector<std::pair<uint64_t, std::string>>> ListWalSegments(const std::string& dir);

}  // namespace copra::storage
