#include "server/server.h"

#include <fmt/format.h>

#include <filesystem>
#include <thread>

#include "common/logging.h"
#include "engine/database.h"
#include "server/http/http_server.h"
#include "server/pgwire/pg_server.h"

namespace copra {

Status CheckListenAddressAllowed(const NetAddress& address, bool users_exist) {
  if (address.IsLoopback() || users_exist) return Status::OK();
  // Without users nothing authenticates clients, so anything reachable from
  // the network would be open to everyone on it.
  return Status::Error(
      ErrorCode::kInsufficientPrivilege,
      fmt::format("refusing to listen on {} without configured users "
                  "(only loopback addresses such as 127.0.0.1 are allowed for now)",
                  address.ToString()));
}

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Result<std::unique_ptr<Server>> Server::Open(const ServerOptions& options) {
  if (options.data_dir.empty()) {
    return Status::InvalidArgument("the data directory must not be empty");
  }
  // Checked before the data directory is opened (or created): user accounts
  // are in <data_dir>/users.
  std::error_code ec;
  bool users_exist = std::filesystem::file_size(options.data_dir + "/users", ec) > 0 && !ec;
  COPRA_RETURN_NOT_OK(CheckListenAddressAllowed(options.http_addr, users_exist));
  COPRA_RETURN_NOT_OK(CheckListenAddressAllowed(options.pg_addr, users_exist));

  std::unique_ptr<Server> server(new Server(options));
  PythonWorkerPool::Global().Configure(options.python);
  DatabaseOptions db_options;
  db_options.data_dir = options.data_dir;
  db_options.storage = options.storage;
  COPRA_ASSIGN_OR_RETURN(server->database_, Database::Open(db_options));

  COPRA_ASSIGN_OR_RETURN(server->http_,
                         HttpServer::Make(server->database_.get(), options.http_tls_cert_file,
                                          options.http_tls_key_file));
  server->http_->set_max_body_size(options.http_max_body_size);
  server->http_->set_statement_timeout_ms(options.http_statement_timeout_ms);
  server->http_->set_idle_timeout_ms(options.http_idle_timeout_ms);
  server->http_->set_max_connections(options.http_max_connections);
  COPRA_RETURN_NOT_OK(server->http_->Bind(options.http_addr));
  server->pg_ = std::make_unique<pgwire::PgServer>(server->database_.get(), options.pg);
  COPRA_RETURN_NOT_OK(server->pg_->Bind(options.pg_addr));
  return server;
}

Server::~Server() {
  // Listeners borrow the database: stop them before it closes.
  if (pg_ != nullptr) pg_->Shutdown();
  if (http_ != nullptr) http_->Shutdown();
  PythonWorkerPool::Global().Shutdown();
}

const NetAddress& Server::http_address() const { return http_->address(); }
const NetAddress& Server::pg_address() const { return pg_->address(); }

Status Server::Run() {
  COPRA_LOG(kInfo,
            fmt::format("copra {} serving data directory {}", COPRA_VERSION, options_.data_dir));
  Status http_status;
  std::thread http_thread([this, &http_status] {
    http_status = http_->Serve();
    // If the listener dies on its own, the whole server stops.
    Stop();
  });
  Status pg_status;
  std::thread pg_thread([this, &pg_status] {
    pg_status = pg_->Serve();
    Stop();
  });
  std::string url = fmt::format("http://{}", http_->address().ToString());
  COPRA_LOG(kInfo, fmt::format("HTTP API listening on {} (try: curl {}/health)", url, url));
  const NetAddress& pg = pg_->address();
  COPRA_LOG(kInfo, fmt::format("PostgreSQL wire protocol listening on {} (try: psql -h {} -p {} "
                               "-U copra -d public)",
                               pg.ToString(), pg.BindHost(), pg.port));

  {
    std::unique_lock<std::mutex> lock(mutex_);
    stop_requested_cv_.wait(lock, [this] { return stop_requested_; });
  }
  COPRA_LOG(kInfo, "shutting down");
  pg_->Shutdown();
  http_->Shutdown();
  pg_thread.join();
  http_thread.join();
  for (const Status& st : {http_status, pg_status}) {
    if (!st.ok()) {
      COPRA_LOG(kError, st.message());
      return st;
    }
  }
  COPRA_LOG(kInfo, "stopped");
  return Status::OK();
}

void Server::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stop_requested_ = true;
  stop_requested_cv_.notify_all();
}

}  // namespace copra
