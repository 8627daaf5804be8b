// copra_sqllogictest: runs .slt files (or directories of them, recursively)
// against in-memory Copra databases, one fresh database per file.
//
//   copra_sqllogictest [--batch-size N] [--set name=value]... [--verbose] [--storage]
//                      PATH...
//
// Exit code 0 when every record passed (or was skipped), 1 otherwise, 2 on
// bad arguments.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "slt_runner.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: copra_sqllogictest [--batch-size N] [--set name=value]... [--verbose] [--storage] "
    "PATH...\n"
    "  PATH               an .slt file, or a directory searched recursively for *.slt\n"
    "  --batch-size N     run with the session setting batch_size = N\n"
    "  --set name=value   set any session setting (repeatable), e.g. optimizer=off\n"
    "  --verbose, -v      print every record as it runs\n"
    "  --storage          use durable storage tables (a temporary data directory)\n";

int Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "copra_sqllogictest: " << problem << "\n";
  std::cerr << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  copra::slt::RunnerOptions options;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--storage") {
      options.storage = true;
    } else if (arg == "--batch-size" || arg == "--set") {
      if (i + 1 >= argc) return Usage(arg + " needs a value");
      const std::string value = argv[++i];
      if (arg == "--batch-size") {
        options.settings.emplace_back("batch_size", value);
      } else {
        const size_t eq = value.find('=');
        if (eq == std::string::npos || eq == 0) return Usage("--set expects name=value");
        options.settings.emplace_back(value.substr(0, eq), value.substr(eq + 1));
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage("unknown option " + arg);
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) return Usage("no files given");

  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".slt") {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      std::cerr << "copra_sqllogictest: no such file or directory: " << path << "\n";
      return 2;
    }
  }

  copra::slt::SltRunner runner(options, std::cout);
  int passed = 0, failed = 0, skipped = 0, failed_files = 0;
  for (const std::string& file : files) {
    const copra::slt::FileResult result = runner.RunFile(file, file);
    passed += result.passed;
    failed += result.failed;
    skipped += result.skipped;
    if (result.failed > 0) ++failed_files;
    if (!result.skip_reason.empty()) {
      std::cout << fmt::format("{}: rest of the file skipped: {}\n", file, result.skip_reason);
    }
  }
  std::cout << fmt::format(
      "{} {}, {} records: {} passed, {} failed, {} skipped{}\n", files.size(),
      files.size() == 1 ? "file" : "files", passed + failed + skipped, passed, failed, skipped,
      failed_files > 0 ? fmt::format(" ({} files with failures)", failed_files) : "");
  return failed > 0 ? 1 : 0;
}
