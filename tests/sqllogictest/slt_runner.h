// SltRunner: runs parsed sqllogictest records against a fresh in-memory
// Database per file and reports failures (file:line, SQL, expected versus
// actual or the unexpected error) to `out`, continuing after each failure.
//
// Records run as engine "copra" (for skipif/onlyif). `require <name>` skips
// the rest of the file, as no optional features are registered yet.
// Not thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace copra::slt {

struct RunnerOptions {
  // Session settings applied before each file (e.g. batch_size=2).
  std::vector<std::pair<std::string, std::string>> settings;
  // Print every record as it runs.
  bool verbose = false;
  // Run against a durable database in a fresh temporary data directory
  // (storage tables) instead of an in-memory one.
  bool storage = false;
};

struct FileResult {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  // Set when `require` skipped the rest of the file.
  std::string skip_reason;
};

class SltRunner {
 public:
  SltRunner(RunnerOptions options, std::ostream& out) : options_(std::move(options)), out_(out) {}

  // `display_path` is how failures name the file.
  FileResult RunFile(const std::string& path, const std::string& display_path);

 private:
  RunnerOptions options_;
  std::ostream& out_;
};

}  // namespace copra::slt
