#include "python/worker_channel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace copra {

namespace {

constexpr uint32_t kMaxMessage = 256u << 20;

Status Closed() { return Status::IOError("python worker channel closed"); }

Status SendAll(int socket, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(socket, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Closed();
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::OK();
}

Status ReceiveAll(int socket, char* data, size_t size) {
  while (size > 0) {
    ssize_t n = recv(socket, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Closed();
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::OK();
}

}  // namespace

Status SendWorkerMessage(int socket, std::string_view body, int fd) {
  if (body.size() > kMaxMessage) return Status::InvalidArgument("python worker message too large");
  uint32_t len = static_cast<uint32_t>(body.size());
  // The length goes in the first sendmsg, with the descriptor.
  iovec iov{&len, sizeof(len)};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  if (fd >= 0) {
    std::memset(control, 0, sizeof(control));
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr* cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cm), &fd, sizeof(int));
  }
  ssize_t n;
  do {
    n = sendmsg(socket, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return Closed();
  if (static_cast<size_t>(n) < sizeof(len)) {
    COPRA_RETURN_NOT_OK(SendAll(socket, reinterpret_cast<const char*>(&len) + n,
                                sizeof(len) - static_cast<size_t>(n)));
  }
  return SendAll(socket, body.data(), body.size());
}

Result<WorkerMessage> ReceiveWorkerMessage(int socket) {
  WorkerMessage out;
  uint32_t len = 0;
  iovec iov{&len, sizeof(len)};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return Closed();
  for (cmsghdr* cm = CMSG_FIRSTHDR(&msg); cm != nullptr; cm = CMSG_NXTHDR(&msg, cm)) {
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(cm), sizeof(int));
      if (out.fd >= 0) {
        close(fd);  // more than one: keep the first
      } else {
        out.fd = fd;
      }
    }
  }
  auto fail = [&](Status st) {
    if (out.fd >= 0) close(out.fd);
    return st;
  };
  if (static_cast<size_t>(n) < sizeof(len)) {
    Status st =
        ReceiveAll(socket, reinterpret_cast<char*>(&len) + n, sizeof(len) - static_cast<size_t>(n));
    if (!st.ok()) return fail(st);
  }
  if (len > kMaxMessage) return fail(Status::Corruption("python worker message too large"));
  out.body.resize(len);
  Status st = ReceiveAll(socket, out.body.data(), len);
  if (!st.ok()) return fail(st);
  return out;
}

Result<uint8_t> MessageReader::U8() {
  if (in_.empty()) return Status::Corruption("truncated python worker message");
  uint8_t v = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return v;
}

Result<int64_t> MessageReader::I64() {
  if (in_.size() < sizeof(int64_t)) return Status::Corruption("truncated python worker message");
  int64_t v;
  std::memcpy(&v, in_.data(), sizeof(v));
  in_.remove_prefix(sizeof(v));
  return v;
}

Result<std::string> MessageReader::String() {
  COPRA_ASSIGN_OR_RETURN(int64_t n, I64());
  if (n < 0 || static_cast<size_t>(n) > in_.size()) {
    return Status::Corruption("truncated python worker message");
  }
  std::string s(in_.substr(0, static_cast<size_t>(n)));
  in_.remove_prefix(static_cast<size_t>(n));
  return s;
}

}  // namespace copra
