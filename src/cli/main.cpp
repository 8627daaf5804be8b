// The `copra` binary: `copra serve` runs the server, `copra shell` an embedded
// SQL shell. CLI11 exceptions stay inside this file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "cli/serve_command.h"
#include "cli/shell.h"

int main(int argc, char** argv) {
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
