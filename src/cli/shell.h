// `copra shell`: an embedded SQL shell over a Database opened in-process.
// Interactive (stdin is a TTY): readline editing and history, multi-line
// statements until ';'. Otherwise: reads statements from stdin and exits
// non-zero on the first error (or, with keep_going, runs on and exits
// non-zero at the end). `command` (from -c) runs one command string.
// `format` picks how results are written (see cli/result_format.h); with
// "json" every statement, failed ones included, writes one line to stdout,
// so a program can drive the shell over a pipe.
#pragma once

#include <string>

#include "cli/result_format.h"

namespace copra {

struct ShellOptions {
  std::string data_dir = "copra-data";
  bool has_command = false;  // -c given
  std::string command;       // SQL for -c
  OutputFormat format = OutputFormat::kTable;
  bool keep_going = false;  // scripts: go on after a failed statement
};

// Runs the shell; returns the process exit code.
int RunShell(const ShellOptions& options);

}  // namespace copra
