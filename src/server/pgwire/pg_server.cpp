#include "server/pgwire/pg_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/copra_metrics.h"
#include "common/logging.h"
#include "server/pgwire/pg_connection.h"
#include "server/tls_context.h"

namespace copra::pgwire {

namespace {

// Connections beyond max_connections still being started up (each holds a
// thread until its startup packet arrives or pg.startup times out).
constexpr int kMaxPendingStartups = 64;

std::string ErrnoText(int err) {
  std::string reason = std::strerror(err);
  if (!reason.empty()) {
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  }
  return reason;
}

}  // namespace

PgServer::PgServer(Database* database, PgOptions options)
    : database_(database), options_(options), random_(std::random_device{}()) {
  shutdown_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

PgServer::~PgServer() {
  Shutdown();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (shutdown_fd_ >= 0) ::close(shutdown_fd_);
}

Status PgServer::Bind(const NetAddress& address) {
  auto fail = [&](int err) {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
    return Status::IOError(
        fmt::format("cannot listen on {}: {}", address.ToString(), ErrnoText(err)));
  };
  if (shutdown_fd_ < 0) return fail(errno);
  if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
    Result<std::unique_ptr<TlsContext>> tls =
        TlsContext::Load(options_.tls_cert_file, options_.tls_key_file);
    if (!tls.ok()) return tls.status().WithPrefix("pg.tls_cert/pg.tls_key: ");
    tls_ = std::move(*tls);
  } else if (options_.tls_required) {
    return Status::InvalidArgument("pg.tls_required needs pg.tls_cert and pg.tls_key");
  }
  std::string host = address.BindHost();
  bool v6 = address.IsIPv6();
  listen_fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return fail(errno);
  int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  sockaddr_storage storage{};
  socklen_t len;
  if (v6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<uint16_t>(address.port));
    if (inet_pton(AF_INET6, host.c_str(), &sa->sin6_addr) != 1) return fail(EINVAL);
    len = sizeof(sockaddr_in6);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<uint16_t>(address.port));
    if (inet_pton(AF_INET, host.c_str(), &sa->sin_addr) != 1) return fail(EINVAL);
    len = sizeof(sockaddr_in);
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&storage), len) != 0) return fail(errno);
  if (::listen(listen_fd_, 128) != 0) return fail(errno);
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&storage), &len) != 0) {
    return fail(errno);
  }
  address_ = address;
  address_.port = v6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port)
                     : ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  return Status::OK();
}

Status PgServer::Serve() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutdown_) return Status::OK();
    serving_ = true;
  }
  watchdog_ = std::thread([this] { RunWatchdog(); });
  Status result;
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {shutdown_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      result = Status::IOError("poll on the PostgreSQL listener: " + ErrnoText(errno));
      break;
    }
    if (fds[1].revents != 0) break;
    if (fds[0].revents == 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      // Transient (the client gave up, or out of descriptors): keep serving.
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) {
        COPRA_LOG(kWarn, "pgwire accept: " + ErrnoText(errno));
        if (errno == EMFILE || errno == ENFILE) ::usleep(100 * 1000);
      }
      continue;
    }
    int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // Sessions are limited by max_connections at startup; this bounds the
      // threads of clients that connect but have not started up yet.
      if (threads_ >= options_.max_connections + kMaxPendingStartups) {
        ::close(fd);
        COPRA_LOG(kWarn, "pgwire: too many connections; closing a new one at once");
        continue;
      }
      ++threads_;
    }
    std::thread([this, fd] {
      {
        PgConnection connection(this, fd, shutdown_fd_);
        connection.Run();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      --threads_;
      changed_.notify_all();
    }).detach();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    serving_ = false;
    changed_.notify_all();
  }
  return result;
}

void PgServer::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!shutdown_) {
      shutdown_ = true;
      uint64_t one = 1;
      if (shutdown_fd_ >= 0) (void)!::write(shutdown_fd_, &one, sizeof(one));
      for (auto& [pid, connection] : sessions_) connection->Cancel();
      changed_.notify_all();
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return !serving_ && threads_ == 0; });
  lock.unlock();
  if (watchdog_.joinable()) watchdog_.join();
}

bool PgServer::Register(PgConnection* connection, int32_t* process_id, int32_t* secret_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (static_cast<int>(sessions_.size()) >= options_.max_connections) return false;
  // Process ids look like PostgreSQL's and never repeat while the server runs.
  do {
    next_process_id_ = next_process_id_ >= 4000000 ? 1 : next_process_id_ + 1;
  } while (sessions_.count(next_process_id_ + 1000) != 0);
  *process_id = next_process_id_ + 1000;
  *secret_key = static_cast<int32_t>(random_());
  sessions_[*process_id] = connection;
  const CopraMetrics& m = CopraMetrics::Get();
  m.pgwire_connections->Add(1);
  m.pgwire_connections_total->Increment();
  return true;
}

void PgServer::Unregister(int32_t process_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sessions_.erase(process_id) > 0) CopraMetrics::Get().pgwire_connections->Subtract(1);
}

void PgServer::CancelBackend(int32_t process_id, int32_t secret_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(process_id);
  // A wrong key is ignored silently, as PostgreSQL does.
  if (it == sessions_.end() || it->second->secret_key() != secret_key) return;
  it->second->Cancel();
}

int PgServer::session_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(sessions_.size());
}

void PgServer::RunWatchdog() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!shutdown_) {
    changed_.wait_for(lock, std::chrono::milliseconds(50));
    auto now = std::chrono::steady_clock::now();
    for (auto& [pid, connection] : sessions_) connection->CheckRunning(now);
  }
}

}  // namespace copra::pgwire
