#include "server/http/http_server.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/logging.h"
#include "server/http/http_connections.h"
#include "server/http/http_metrics.h"
#include "server/http/influx_write.h"
#include "server/http/metrics_endpoint.h"
#include "server/http/request_timeout.h"
#include "server/http/script_endpoints.h"
#include "server/http/sql_endpoint.h"
#include "server/tls_context.h"

namespace copra {

namespace {

void WriteJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

nlohmann::json ErrorBody(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

// cpp-httplib's bind reports only success or failure. To tell the user why,
// bind a throwaway socket the same way and take its errno.
std::string DiagnoseBindFailure(const NetAddress& address) {
  std::string host = address.BindHost();
  int family = address.IsIPv6() ? AF_INET6 : AF_INET;
  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::strerror(errno);
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  int rc;
  if (family == AF_INET6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<uint16_t>(address.port));
    inet_pton(AF_INET6, host.c_str(), &sa.sin6_addr);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(address.port));
    inet_pton(AF_INET, host.c_str(), &sa.sin_addr);
    rc = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa));
  }
  int err = errno;
  ::close(fd);
  if (rc == 0) return "the socket could not be bound";  // a race: it is free now
  std::string reason = std::strerror(err);
  if (!reason.empty())
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return reason;
}

}  // namespace

HttpServer::HttpServer(Database* database)
    : HttpServer(database, std::make_unique<httplib::Server>()) {}

Result<std::unique_ptr<HttpServer>> HttpServer::Make(Database* database,
                                                     const std::string& tls_cert_file,
                                                     const std::string& tls_key_file) {
  if (tls_cert_file.empty() && tls_key_file.empty()) {
    return std::make_unique<HttpServer>(database);
  }
  // Loaded once here for a clear message; cpp-httplib loads them again.
  Result<std::unique_ptr<TlsContext>> check = TlsContext::Load(tls_cert_file, tls_key_file);
  if (!check.ok()) return check.status().WithPrefix("http.tls_cert/http.tls_key: ");
  auto https = std::make_unique<httplib::SSLServer>(tls_cert_file.c_str(), tls_key_file.c_str());
  if (!https->is_valid()) {
    return Status::InvalidArgument("http.tls_cert/http.tls_key: cannot start HTTPS with \"" +
                                   tls_cert_file + "\" and \"" + tls_key_file + "\"");
  }
  return std::unique_ptr<HttpServer>(new HttpServer(database, std::move(https)));
}

HttpServer::HttpServer(Database* database, std::unique_ptr<httplib::Server> http)
    : database_(database),
      timeout_(std::make_unique<RequestTimeout>()),
      sql_(std::make_unique<SqlEndpoint>(database, timeout_.get())),
      http_(std::move(http)) {
  // Only SO_REUSEADDR (quick restarts while old connections sit in
  // TIME_WAIT). cpp-httplib's default also sets SO_REUSEPORT, which would let
  // a second server silently share the port instead of failing.
  http_->set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  connections_ = std::make_unique<HttpConnections>(http_.get());
  HttpMetrics::Install(
      http_.get(),
      [](const httplib::Request& req, const httplib::Response& res) {
        COPRA_LOG(kDebug, fmt::format("http {} {} -> {}", req.method, req.path, res.status));
      },
      &HttpConnections::RefuseIfOverLimit);
  http_->set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) {
          WriteJson(res, 404,
                    ErrorBody("not_found", fmt::format("no endpoint {} {}", req.method, req.path)));
        } else {
          WriteJson(res, res.status,
                    ErrorBody("http_error", fmt::format("HTTP status {}", res.status)));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  http_->set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    COPRA_LOG(kError, fmt::format("http {} {}: internal error: {}", req.method, req.path, what));
    WriteJson(res, 500, ErrorBody("internal_error", what));
  });
  RegisterRoutes();
}

HttpServer::~HttpServer() { Shutdown(); }

void HttpServer::set_max_body_size(int64_t bytes) {
  http_->set_payload_max_length(static_cast<size_t>(bytes));
}

void HttpServer::set_max_connections(int64_t n) { connections_->set_max_connections(n); }

void HttpServer::set_statement_timeout_ms(int64_t ms) { timeout_->set_default_timeout_ms(ms); }

void HttpServer::set_idle_timeout_ms(int64_t ms) {
  const time_t seconds = static_cast<time_t>(std::max<int64_t>(1, (ms + 999) / 1000));
  http_->set_keep_alive_timeout(seconds);
  http_->set_read_timeout(seconds, 0);
}

void HttpServer::RegisterRoutes() {
  http_->Get("/health", [this](const httplib::Request& req, httplib::Response& res) {
    HandleHealth(req, res);
  });
  RegisterInfluxWriteRoutes(http_.get(), database_);
  RegisterScriptRoutes(http_.get(), database_, timeout_.get());
  RegisterMetricsRoute(http_.get(), database_);
  auto sql = [this](const httplib::Request& req, httplib::Response& res) {
    sql_->Handle(req, res);
  };
  http_->Get("/v1/sql", sql);
  http_->Post("/v1/sql", sql);
}

void HttpServer::HandleHealth(const httplib::Request& req, httplib::Response& res) {
  WriteJson(res, 200, {{"status", "ok"}, {"version", COPRA_VERSION}});
}

Status HttpServer::Bind(const NetAddress& address) {
  address_ = address;
  std::string host = address.BindHost();
  bool ok;
  if (address.port == 0) {
    int port = http_->bind_to_any_port(host);
    ok = port > 0;
    if (ok) address_.port = port;
  } else {
    ok = http_->bind_to_port(host, address.port);
  }
  if (!ok) {
    return Status::IOError(
        fmt::format("cannot listen on {}: {}", address.ToString(), DiagnoseBindFailure(address)));
  }
  return Status::OK();
}

Status HttpServer::Serve() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutdown_requested_) {
      state_ = State::kDone;
      state_changed_.notify_all();
      return Status::OK();
    }
    state_ = State::kServing;
  }
  bool ok = http_->listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = State::kDone;
  }
  state_changed_.notify_all();
  bool stopped_on_request;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_on_request = shutdown_requested_;
  }
  if (!ok && !stopped_on_request) {
    return Status::IOError(
        fmt::format("HTTP server on {} stopped unexpectedly", address_.ToString()));
  }
  return Status::OK();
}

void HttpServer::Shutdown() {
  std::unique_lock<std::mutex> lock(mutex_);
  shutdown_requested_ = true;
  if (state_ != State::kServing) return;  // Serve() not entered (it will return at once) or done
  if (!stop_issued_) {
    stop_issued_ = true;
    lock.unlock();
    // httplib::Server::stop() only acts once listen_after_bind() has marked
    // the server running, and must be called once; so wait for that first.
    bool done = false;
    while (!done && !http_->is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      lock.lock();
      done = state_ == State::kDone;
      lock.unlock();
    }
    if (!done) http_->stop();
    lock.lock();
  }
  state_changed_.wait(lock, [this] { return state_ == State::kDone; });
}

}  // namespace copra
