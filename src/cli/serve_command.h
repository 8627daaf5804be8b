// `copra serve`: runs the server in the foreground until SIGINT or SIGTERM.
//
// main.cpp calls AddServeCommand() while building the CLI and, if `serve` was
// chosen, RunServeCommand() with the parsed flags. Flags override the config
// file, which overrides the defaults (see server/server_options.h).
#pragma once

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace copra {

struct ServeFlags {
  std::string data_dir;   // --data; empty = not given
  std::string config;     // --config
  std::string http_addr;  // --http-addr
  std::string pg_addr;    // --pg-addr
  std::string log_level;  // --log-level
};

// Adds the `serve` subcommand to `app`, storing its flags in `*flags`
// (borrowed; must outlive parsing). Returns the subcommand.
CLI::App* AddServeCommand(CLI::App& app, ServeFlags* flags);

// Runs the server; returns the process exit code (0 after a clean shutdown).
int RunServeCommand(const ServeFlags& flags);

}  // namespace copra
