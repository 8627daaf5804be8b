// Server: the `copra serve` process. Opens (and locks) the data directory,
// binds the protocol listeners, serves until asked to stop.
//
//   auto server = Server::Open(options);   // errors: bad/unsafe address,
//                                          // data dir locked, port taken
//   (*server)->Run();                      // blocks until Stop()
//
// Stop() is thread-safe and may be called from any thread, e.g. a sigwait()
// watcher; it is not async-signal-safe, so never call it from a signal handler.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>

#include "common/status.h"
#include "server/server_options.h"

namespace copra {

class Database;
class HttpServer;
namespace pgwire {
class PgServer;
}

class Server {
 public:
  // Validates `options` (addresses must be loopback until users exist in
  // the data directory),
  // opens the Database and binds the HTTP and PostgreSQL listeners. Nothing
  // is served yet.
  static Result<std::unique_ptr<Server>> Open(const ServerOptions& options);
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves until Stop(), then stops the listeners (running requests finish)
  // and returns. Call at most once.
  Status Run();

  // Makes Run() return; before Run(), makes it return at once. Idempotent.
  void Stop();

  // The HTTP address actually bound (port 0 in the options becomes the real one).
  const NetAddress& http_address() const;
  // The PostgreSQL wire protocol address actually bound.
  const NetAddress& pg_address() const;
  const ServerOptions& options() const { return options_; }
  Database& database() { return *database_; }

 private:
  explicit Server(ServerOptions options);

  ServerOptions options_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<HttpServer> http_;      // borrows database_, so declared after it
  std::unique_ptr<pgwire::PgServer> pg_;  // likewise

  std::mutex mutex_;
  std::condition_variable stop_requested_cv_;
  bool stop_requested_ = false;  // guarded by mutex_
};

// The check Server::Open applies to each listen address, exposed for tests:
// until user accounts exist (CREATE USER), only loopback addresses may be
// served.
Status CheckListenAddressAllowed(const NetAddress& address, bool users_exist = false);

}  // namespace copra
