#include "server/pgwire/wire_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/copra_metrics.h"
#include "server/pgwire/pg_protocol.h"

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

Status WireSocket::Fill(size_t n, int timeout_ms) {
  if (in_pos_ > 0 && in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  }
  while (in_.size() - in_pos_ < n) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {shutdown_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 2, timeout_ms);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Fail(Failure::kIo, Status::IOError(std::string("poll: ") + std::strerror(errno)));
    }
    if (rc == 0)
      return Fail(Failure::kTimeout, Status::IOError("timed out waiting for the client"));
    if (fds[1].revents != 0)
      return Fail(Failure::kShutdown, Status::IOError("server shutting down"));
    if (in_pos_ > 0) {  // compact before growing
      in_.erase(0, in_pos_);
      in_pos_ = 0;
    }
    size_t old = in_.size();
    size_t want = std::max<size_t>(n - old, 64 * 1024);
    in_.resize(old + want);
    ssize_t got = ::recv(fd_, in_.data() + old, want, 0);
    if (got <= 0) {
      in_.resize(old);
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got == 0)
        return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
      return Fail(Failure::kIo, Status::IOError(std::string("recv: ") + std::strerror(errno)));
    }
    in_.resize(old + static_cast<size_t>(got));
    CopraMetrics::Get().pgwire_received_bytes->Increment(static_cast<uint64_t>(got));
  }
  return Status::OK();
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
    pollfd fds[2] = {{fd_, POLLOUT, 0}, {shutdown_fd_, POLLIN, 0}};
    int rc = ::poll(fds, 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Fail(Failure::kIo, Status::IOError(std::string("poll: ") + std::strerror(errno)));
    }
    if (fds[1].revents != 0 && fds[0].revents == 0) {
      return Fail(Failure::kShutdown, Status::IOError("server shutting down"));
    }
    if ((fds[0].revents & (POLLERR | POLLHUP)) != 0) {
      return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
    }
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      if (errno == EPIPE || errno == ECONNRESET) {
        return Fail(Failure::kClosed, Status::IOError("connection closed by the client"));
      }
      return Fail(Failure::kIo, Status::IOError(std::string("send: ") + std::strerror(errno)));
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
