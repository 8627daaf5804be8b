// The `copra` binary: `copra serve` runs the server, `copra shell` an embedded
// SQL shell. CLI11 exceptions stay inside this file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/serve_command.h"
#include "cli/shell.h"
#include "common/malloc_settings.h"
#include "python/python_worker.h"

namespace {

// Hidden: `copra python-worker --fd N [--memory-limit-mb M]`, started by the
// server's Python worker pool (python/worker_pool.h), never by users.
int RunPythonWorkerCommand(int argc, char** argv) {
  int fd = -1;
  long long memory_limit_mb = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--fd") == 0) {
      fd = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--memory-limit-mb") == 0) {
      memory_limit_mb = std::atoll(argv[i + 1]);
    }
  }
  if (fd < 0) {
    std::fputs("copra python-worker: --fd is required (started by the server only)\n", stderr);
    return 2;
  }
  return copra::RunPythonWorker(fd, memory_limit_mb);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "python-worker") == 0) {
    return RunPythonWorkerCommand(argc, argv);
  }
  copra::ApplyMallocSettings();  // before any thread starts
  CLI::App app{"Copra: a time-series SQL database with Python and native coprocessors", "copra"};
  app.set_version_flag("--version", std::string("copra ") + COPRA_VERSION);
  app.require_subcommand(0, 1);

  copra::ServeFlags serve_flags;
  CLI::App* serve = copra::AddServeCommand(app, &serve_flags);

  copra::ShellOptions shell_options;
  CLI::App* shell = app.add_subcommand("shell", "Run SQL on a data directory opened in-process");
  shell->add_option("--data", shell_options.data_dir, "Data directory (default: ./copra-data)");
  CLI::Option* command =
      shell->add_option("-c,--command", shell_options.command, "Run this SQL and exit");
  std::string format_name = "table";
  shell->add_option("--format", format_name, "Result format: table, csv or json (one line each)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  shell->add_flag("--keep-going", shell_options.keep_going,
                  "Scripts: run on after a failed statement (exit 1 at the end)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (serve->parsed()) return copra::RunServeCommand(serve_flags);
  if (shell->parsed()) {
    shell_options.has_command = command->count() > 0;
    shell_options.format = *copra::ParseOutputFormat(format_name);
    return copra::RunShell(shell_options);
  }
  // No subcommand: show what there is.
  std::fputs(app.help().c_str(), stderr);
  return 1;
}
