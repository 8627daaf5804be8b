#include "cli/serve_command.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <thread>

#include "common/logging.h"
#include "server/server.h"
#include "server/server_options.h"

namespace copra {

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "copra: %s\n", message.c_str());
  return 1;
}

// Flags > config file > defaults.
Status BuildOptions(const ServeFlags& flags, ServerOptions* options) {
  if (!flags.config.empty()) {
    COPRA_RETURN_NOT_OK(LoadServerConfigFile(flags.config, options));
  }
  if (!flags.data_dir.empty()) options->data_dir = flags.data_dir;
  if (!flags.http_addr.empty()) {
    auto addr = ParseNetAddress(flags.http_addr);
    if (!addr.ok()) return addr.status().WithPrefix("--http-addr: ");
    options->http_addr = *addr;
  }
  if (!flags.pg_addr.empty()) {
    auto addr = ParseNetAddress(flags.pg_addr);
    if (!addr.ok()) return addr.status().WithPrefix("--pg-addr: ");
    options->pg_addr = *addr;
  }
  if (!flags.log_level.empty()) {
    auto level = ParseLogLevel(flags.log_level);
    if (!level.ok()) return level.status().WithPrefix("--log-level: ");
    options->log_level = *level;
  }
  return Status::OK();
}

}  // namespace

CLI::App* AddServeCommand(CLI::App& app, ServeFlags* flags) {
  CLI::App* serve = app.add_subcommand("serve",
                                       "Run the Copra server (HTTP API, PostgreSQL wire protocol) "
                                       "in the foreground until SIGINT or SIGTERM");
  serve->add_option("--data", flags->data_dir, "Data directory (default: ./copra-data)");
  serve->add_option("--config", flags->config, "Config file (TOML subset; see docs/operations.md)");
  serve->add_option("--http-addr", flags->http_addr,
                    "HTTP listen address (default: 127.0.0.1:4000)");
  serve->add_option("--pg-addr", flags->pg_addr,
                    "PostgreSQL wire protocol address (default: 127.0.0.1:4003)");
  serve->add_option("--log-level", flags->log_level, "debug, info, warn or error (default: info)");
  return serve;
}

int RunServeCommand(const ServeFlags& flags) {
  ServerOptions options;
  Status st = BuildOptions(flags, &options);
  if (!st.ok()) return Fail(st.message());
  SetLogLevel(options.log_level);

  // Block the shutdown signals before any thread exists, so every thread
  // inherits the mask and only the watcher below ever sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client hanging up mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  auto opened = Server::Open(options);
  if (!opened.ok()) return Fail(opened.status().message());
  std::unique_ptr<Server> server = std::move(*opened);

  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    bool stopping = false;
    while (!finished.load()) {
      timespec timeout{0, 200 * 1000 * 1000};
      int sig = sigtimedwait(&signals, nullptr, &timeout);
      if (sig < 0) continue;  // timeout or EINTR
      const char* name = sig == SIGINT ? "SIGINT" : "SIGTERM";
      // Supervisors (make, process groups, containers) often deliver the same
      // signal twice; a repeat must not turn a clean shutdown into a crash.
      if (stopping) {
        COPRA_LOG(kInfo, fmt::format("received {} again; already shutting down", name));
        continue;
      }
      stopping = true;
      COPRA_LOG(kInfo, fmt::format("received {}", name));
      server->Stop();
    }
  });

  Status run = server->Run();
  finished.store(true);
  watcher.join();
  server.reset();  // closes the database and releases the data directory lock
  if (!run.ok()) return Fail(run.message());
  return 0;
}

}  // namespace copra
