#include "server/pgwire/wire_socket.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/copra_metrics.h"
#include "server/pgwire/pg_protocol.h"
#include "server/tls_context.h"

namespace copra::pgwire {

namespace {

constexpr int kStalledMessageMs = 60000;

uint32_t ReadBigEndian32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace

WireSocket::WireSocket(int fd, int shutdown_event_fd) : fd_(fd), shutdown_fd_(shutdown_event_fd) {}

WireSocket::~WireSocket() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);  // best effort: one close_notify, no waiting
    SSL_free(ssl_);
  }
  if (fd_ >= 0) ::close(fd_);
}

Status WireSocket::Fail(Failure failure, Status status) {
  failure_ = failure;
  return status;
}

bool WireSocket::PeerHungUp() const {
  pollfd p{fd_, POLLRDHUP, 0};
  int rc = ::poll(&p, 1, 0);
  return rc > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

Status WireSocket::Wait(bool write, int timeout_ms) {
  while (true) {
    pollfd fds[2] = {{fd_, static_cast<short>(write ? POLLOUT : POLLIN), 0},
                     {shutdown_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 2, timeout_ms);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Fail(Failure::kIo, Status::IOError(std::string("poll: ") + std::strerror(errno)));
    }
    if (rc == 0) {
      return Fail(Failure::kTimeout, Status::IOError("timed out waiting for the client"));
    }
    // Reads stop at shutdown; writes only when they could not go on anyway.
    if (fds[1].revents != 0 && (!write || fds[0].revents == 0)) {
      return Fail(Failure::kShutdown, Status::IOError("server shutting down"));
    }
    if (write && (fds[0].revents & (POLLERR | POLLHUP)) != 0) {
      return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
    }
    return Status::OK();
  }
}

ssize_t WireSocket::ReadSome(char* data, size_t max, Status* error) {
  if (ssl_ == nullptr) {
    ssize_t got = ::recv(fd_, data, max, 0);
    if (got > 0) return got;
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    *error = got == 0 ? Fail(Failure::kClosed, Status::IOError("connection closed by the client"))
                      : Fail(Failure::kIo,
                             Status::IOError(std::string("recv: ") + std::strerror(errno)));
    return -1;
  }
  ERR_clear_error();
  int got = SSL_read(ssl_, data, static_cast<int>(std::min<size_t>(max, INT32_MAX)));
  if (got > 0) return got;
  int err = SSL_get_error(ssl_, got);
  if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return 0;
  if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
    *error = Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
  } else {
    *error = Fail(Failure::kIo, Status::IOError("TLS read: " + TakeOpenSslError("failed")));
  }
  return -1;
}

Status WireSocket::Fill(size_t n, int timeout_ms) {
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  while (in_.size() - in_pos_ < n) {
    // Bytes TLS has already decrypted do not make the socket readable.
    if (ssl_ == nullptr || SSL_pending(ssl_) == 0) COPRA_RETURN_NOT_OK(Wait(false, timeout_ms));
    if (in_pos_ > 0) {  // compact before growing
      in_.erase(0, in_pos_);
      in_pos_ = 0;
    }
    size_t old = in_.size();
    size_t want = std::max<size_t>(n - old, 64 * 1024);
    in_.resize(old + want);
    Status error;
    ssize_t got = ReadSome(in_.data() + old, want, &error);
    if (got < 0) {
      in_.resize(old);
      return error;
    }
    in_.resize(old + static_cast<size_t>(got));
    CopraMetrics::Get().pgwire_received_bytes->Increment(static_cast<uint64_t>(got));
  }
  return Status::OK();
}

Status WireSocket::StartTls(ssl_ctx_st* ctx, int timeout_ms) {
  if (in_pos_ != in_.size()) {
    // Bytes sent before the handshake would count as if they came over TLS.
    return Fail(Failure::kProtocol, Status::Error(ErrorCode::kProtocolViolation,
                                                  "received unencrypted data after SSL request"));
  }
  int flags = ::fcntl(fd_, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK) < 0) {
    return Fail(Failure::kIo, Status::IOError(std::string("fcntl: ") + std::strerror(errno)));
  }
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) {
    return Fail(Failure::kIo, Status::IOError("TLS: " + TakeOpenSslError("cannot start")));
  }
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  while (true) {
    ERR_clear_error();
    int rc = SSL_accept(ssl_);
    if (rc == 1) return Status::OK();
    int err = SSL_get_error(ssl_, rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      COPRA_RETURN_NOT_OK(Wait(err == SSL_ERROR_WANT_WRITE, timeout_ms));
      continue;
    }
    if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      return Fail(Failure::kClosed, Status::IOError("connection closed during the TLS handshake"));
    }
    return Fail(Failure::kIo,
                Status::IOError("TLS handshake failed: " + TakeOpenSslError("unknown error")));
  }
}

Result<std::string> WireSocket::ReadStartupPacket(int timeout_ms) {
  COPRA_RETURN_NOT_OK(Fill(4, timeout_ms));
  uint32_t len = ReadBigEndian32(in_.data() + in_pos_);
  if (len < 8 || len > static_cast<uint32_t>(kMaxStartupPacketSize)) {
    return Fail(Failure::kProtocol,
                Status::Error(ErrorCode::kProtocolViolation,
                              "invalid length of startup packet: " + std::to_string(len)));
  }
  COPRA_RETURN_NOT_OK(Fill(len, timeout_ms));
  std::string body = in_.substr(in_pos_ + 4, len - 4);
  in_pos_ += len;
  return body;
}

Result<FrontendMessage> WireSocket::ReadMessage(int64_t max_size, int timeout_ms) {
  COPRA_RETURN_NOT_OK(Fill(5, timeout_ms));
  FrontendMessage msg;
  msg.type = in_[in_pos_];
  uint32_t len = ReadBigEndian32(in_.data() + in_pos_ + 1);
  if (len < 4) {
    return Fail(Failure::kProtocol, Status::Error(ErrorCode::kProtocolViolation,
                                                  "invalid message length " + std::to_string(len)));
  }
  if (static_cast<int64_t>(len) - 4 > max_size) {
    return Fail(
        Failure::kProtocol,
        Status::Error(ErrorCode::kProtocolViolation,
                      "message of " + std::to_string(len - 4) + " bytes exceeds the limit of " +
                          std::to_string(max_size) + " bytes (pg.max_message_size)"));
  }
  // Once a message has started, the rest must keep arriving: a client that
  // stalls mid-message for kStalledMessageMs is dropped.
  COPRA_RETURN_NOT_OK(Fill(1 + static_cast<size_t>(len), kStalledMessageMs));
  msg.body = in_.substr(in_pos_ + 5, len - 4);
  in_pos_ += 1 + len;
  return msg;
}

Status WireSocket::SendRaw(std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    COPRA_RETURN_NOT_OK(Wait(true, -1));
    const char* data = bytes.data() + sent;
    const size_t left = bytes.size() - sent;
    ssize_t n;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      int rc = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(left, INT32_MAX)));
      if (rc <= 0) {
        int err = SSL_get_error(ssl_, rc);
        if (err == SSL_ERROR_WANT_WRITE) continue;
        if (err == SSL_ERROR_WANT_READ) {
          COPRA_RETURN_NOT_OK(Wait(false, -1));
          continue;
        }
        if (err == SSL_ERROR_ZERO_RETURN ||
            (err == SSL_ERROR_SYSCALL && (errno == EPIPE || errno == ECONNRESET))) {
          return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
        }
        return Fail(Failure::kIo, Status::IOError("TLS write: " + TakeOpenSslError("failed")));
      }
      n = rc;
    } else {
      n = ::send(fd_, data, left, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        if (errno == EPIPE || errno == ECONNRESET) {
          return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
        }
        return Fail(Failure::kIo, Status::IOError(std::string("send: ") + std::strerror(errno)));
      }
    }
    sent += static_cast<size_t>(n);
    CopraMetrics::Get().pgwire_sent_bytes->Increment(static_cast<uint64_t>(n));
  }
  return Status::OK();
}

Status WireSocket::Flush() {
  if (out_.size() == 0) return Status::OK();
  Status st = SendRaw(out_.data());
  out_.Clear();
  return st;
}

}  // namespace copra::pgwire
