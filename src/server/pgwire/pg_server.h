// PgServer: the PostgreSQL wire protocol listener. Accepts TCP connections
// and runs each client on a thread of its own (PgConnection); plain POSIX
// sockets and poll(), no event loop: sessions are single-threaded and run
// queries synchronously, so a thread per client is the simple, honest model.
//
// Also owns what connections share: the registry of sessions by process id
// and secret key (CancelRequest), the connection limit, and a watchdog
// thread that enforces statement timeouts and cancels the query of a client
// that hung up.
//
// Lifecycle, driven by Server: Bind() once, Serve() on a thread of its own
// (blocks), Shutdown() from any thread: stops accepting, cancels running
// statements, closes every connection (FATAL 57P01) and waits for their
// threads. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "common/status.h"
#include "server/net_address.h"
#include "server/pgwire/pg_options.h"

namespace copra {
class Database;
class TlsContext;
}  // namespace copra

namespace copra::pgwire {

class PgConnection;

class PgServer {
 public:
  // `database` is borrowed and must outlive this server.
  PgServer(Database* database, PgOptions options);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // Loads the TLS certificate and key when options name them, then binds
  // and listens (port 0 picks a free one). Errors read "cannot listen on
  // <addr>: address already in use" or "pg.tls_cert: cannot load ...".
  Status Bind(const NetAddress& address);
  const NetAddress& address() const { return address_; }

  // Accepts clients until Shutdown(). REQUIRES: Bind() succeeded.
  Status Serve();
  // Idempotent; waits until Serve() has returned and all clients are gone.
  void Shutdown();

  // --- for PgConnection -----------------------------------------------------
  Database* database() const { return database_; }
  const PgOptions& options() const { return options_; }
  // The TLS context when TLS is configured, else nullptr.
  const TlsContext* tls() const { return tls_.get(); }
  // Registers a started session; fails (false) when max_connections are in
  // use. Assigns the process id and secret key.
  bool Register(PgConnection* connection, int32_t* process_id, int32_t* secret_key);
  void Unregister(int32_t process_id);
  // Cancels the statement of the session with that id and key, if any.
  void CancelBackend(int32_t process_id, int32_t secret_key);
  // Connections registered right now.
  int session_count();

 private:
  void RunWatchdog();

  Database* database_;
  PgOptions options_;
  std::unique_ptr<TlsContext> tls_;
  NetAddress address_;
  int listen_fd_ = -1;
  int shutdown_fd_ = -1;  // eventfd: readable once Shutdown() was called

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int32_t, PgConnection*> sessions_;  // guarded by mutex_
  int threads_ = 0;                            // connection threads alive; guarded by mutex_
  bool shutdown_ = false;                      // guarded by mutex_
  bool serving_ = false;                       // guarded by mutex_
  int32_t next_process_id_ = 0;                // guarded by mutex_
  std::mt19937 random_;                        // guarded by mutex_
  std::thread watchdog_;
};

}  // namespace copra::pgwire
