// The `copra` binary. Placeholder until the CLI lands.
#include <cstdio>

int main() {
  std::printf("copra %s\n", COPRA_VERSION);
  return 0;
}
