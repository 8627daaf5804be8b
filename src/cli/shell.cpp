// Placeholder; the real shell replaces this file.
#include "cli/shell.h"

#include <cstdio>

namespace copra {

int RunShell(const ShellOptions& options) {
  std::fprintf(stderr, "copra shell: not implemented yet\n");
  return 1;
}

}  // namespace copra
