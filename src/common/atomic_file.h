// Small file helpers for persistent definitions (scripts, functions):
// whole-file reads and crash-safe replacement (write a temp file beside
// the target, fsync it, rename over the target, fsync the directory), so a
// reader sees either the old or the new content, never a torn file.
//
// Thread-compatible: callers serialize writes to the same path.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace copra {

// Replaces `path` with `content` atomically; creates parent directories.
Status WriteFileAtomically(const std::string& path, const std::string& content);
// The whole content of `path`.
Result<std::string> ReadWholeFile(const std::string& path);
// Removes `path` (no error when it does not exist) and fsyncs its directory.
Status RemoveFile(const std::string& path);
// Names of the regular files in `dir` ending in `suffix`, sorted; empty
// when `dir` does not exist.
Result<std::vector<std::string>> ListFiles(const std::string& dir, const std::string& suffix);
// Names of the subdirectories of `dir`, sorted; empty when it does not exist.
Result<std::vector<std::string>> ListDirectories(const std::string& dir);

}  // namespace copra
