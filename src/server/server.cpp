#include "server/server.h"

#include <fmt/format.h>

#include <thread>

#include "common/logging.h"
#include "engine/database.h"
#include "server/http/http_server.h"

namespace copra {

Status CheckListenAddressAllowed(const NetAddress& address) {
  if (address.IsLoopback()) return Status::OK();
  // Nothing authenticates clients yet, so anything reachable from the
  // network would be open to everyone on it.
  return Status::Error(
      ErrorCode::kInsufficientPrivilege,
      fmt::format("refusing to listen on {} without configured users "
                  "(only loopback addresses such as 127.0.0.1 are allowed for now)",
                  address.ToString()));
}

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Open(const ServerOptions& options) {
  COPRA_RETURN_NOT_OK(CheckListenAddressAllowed(options.http_addr));
  COPRA_RETURN_NOT_OK(CheckListenAddressAllowed(options.pg_addr));
  if (options.data_dir.empty()) {
    return Status::InvalidArgument("the data directory must not be empty");
  }

  std::unique_ptr<Server> server(new Server(options));
  DatabaseOptions db_options;
  db_options.data_dir = options.data_dir;
  db_options.storage = options.storage;
  COPRA_ASSIGN_OR_RETURN(server->database_, Database::Open(db_options));

  server->http_ = std::make_unique<HttpServer>(server->database_.get());
  COPRA_RETURN_NOT_OK(server->http_->Bind(options.http_addr));
  return server;
}

const NetAddress& Server::http_address() const { return http_->address(); }

Status Server::Run() {
  COPRA_LOG(kInfo,
            fmt::format("copra {} serving data directory {}", COPRA_VERSION, options_.data_dir));
  Status http_status;
  std::thread http_thread([this, &http_status] {
    http_status = http_->Serve();
    // If the listener dies on its own, the whole server stops.
    Stop();
  });
  std::string url = fmt::format("http://{}", http_->address().ToString());
  COPRA_LOG(kInfo, fmt::format("HTTP API listening on {} (try: curl {}/health)", url, url));
  COPRA_LOG(kInfo, fmt::format("PostgreSQL wire protocol is not served yet (pg.addr {} is reserved "
                               "for it)",
                               options_.pg_addr.ToString()));

  {
    std::unique_lock<std::mutex> lock(mutex_);
    stop_requested_cv_.wait(lock, [this] { return stop_requested_; });
  }
  COPRA_LOG(kInfo, "shutting down");
  http_->Shutdown();
  http_thread.join();
  if (!http_status.ok()) {
    COPRA_LOG(kError, http_status.message());
    return http_status;
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
