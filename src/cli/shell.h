// `copra shell`: an embedded SQL shell over a Database opened in-process.
// Interactive (stdin is a TTY): readline editing and history, multi-line
// statements until ';'. Otherwise: reads statements from stdin and exits
// non-zero on the first error. `command` (from -c) runs one command string.
#pragma once

#include <string>

namespace copra {

struct ShellOptions {
  std::string data_dir = "copra-data";
  bool has_command = false;  // -c given
  std::string command;       // SQL for -c
};

// Runs the shell; returns the process exit code.
int RunShell(const ShellOptions& options);

}  // namespace copra
