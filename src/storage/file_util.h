// Small POSIX file helpers for the storage engine: atomic whole-file writes
// (write a temp file, fsync, rename, fsync the directory), reads, directory
// sync and removal, and errno → Status mapping (ENOSPC/EDQUOT become
// kDiskFull, everything else kIoError, always naming the file).
//
// Checksummed text files (table definitions, manifests) end with a trailer
// line "crc32c <8 hex digits>" over everything before it.
//
// A process-wide fault hook lets tests make writes fail as if the disk were
// full. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra::storage {

// Status for a failed `op` ("write", "fsync", ...) on `path` with `err`.
Status ErrnoStatus(const std::string& op, const std::string& path, int err);

// Writes `contents` to `path` atomically: readers see the old or the new
// file, never a mix, also after a crash.
Status WriteFileAtomically(const std::string& path, std::string_view contents);
Result<std::string> ReadWholeFile(const std::string& path);
Status SyncDirectory(const std::string& dir);
// Writes all of `data` to `fd` (retrying short writes); honours the fault hook.
Status WriteAll(int fd, const void* data, size_t n, const std::string& path);

// `body` plus the checksum trailer, and back (kDataCorrupted naming `path`
// when the trailer is missing or wrong).
std::string AddChecksumTrailer(std::string body);
Result<std::string> CheckChecksumTrailer(const std::string& contents, const std::string& path);

// Test hook: while set, every storage write fails with ENOSPC.
void SetDiskFullForTesting(bool full);
bool DiskFullForTesting();

}  // namespace copra::storage
