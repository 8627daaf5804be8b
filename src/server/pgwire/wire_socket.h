// WireSocket: one client connection's byte stream, framed into PostgreSQL
// messages. Reads are buffered; writes go to an output buffer (writer())
// that Flush() sends. Every wait can be interrupted: when the server's
// shutdown event (an eventfd shared by all connections) becomes readable,
// reads and writes fail with kShutdown. An optional idle timeout bounds the
// wait for the next message.
//
// After StartTls() every byte goes through TLS (OpenSSL, on a non-blocking
// socket so that waits stay interruptible).
//
// Owns the socket fd (closed by the destructor) and its TLS state. Used by
// one connection thread; PeerHungUp() alone may be called from another
// thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "server/pgwire/message_writer.h"

struct ssl_st;      // OpenSSL's SSL
struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace copra::pgwire {

// One framed frontend message.
struct FrontendMessage {
  char type = 0;
  std::string body;
};

class WireSocket {
 public:
  // Why the last read or write failed.
  enum class Failure { kNone, kClosed, kShutdown, kTimeout, kIo, kProtocol };

  WireSocket(int fd, int shutdown_event_fd);
  ~WireSocket();
  WireSocket(const WireSocket&) = delete;
  WireSocket& operator=(const WireSocket&) = delete;

  // The untyped first packet: int32 length (itself included) and body. The
  // length must be 8..kMaxStartupPacketSize.
  Result<std::string> ReadStartupPacket(int timeout_ms);
  // A typed message whose body is at most `max_size` bytes. `timeout_ms` < 0
  // waits forever; otherwise it bounds the wait for the message to start.
  // Once started, a message whose bytes stop arriving for 60 s fails with
  // kTimeout.
  Result<FrontendMessage> ReadMessage(int64_t max_size, int timeout_ms);

  MessageWriter& writer() { return out_; }
  // Sends and clears the output buffer.
  Status Flush();
  // Sends raw bytes at once (the one-byte SSLRequest answer).
  Status SendRaw(std::string_view bytes);

  // Runs the server side of a TLS handshake on the connection (after the
  // 'S' answer to SSLRequest), within `timeout_ms` (< 0: no limit). Fails
  // with kProtocol when the client sent bytes after its SSLRequest before
  // the handshake (they would bypass TLS), kTimeout, kClosed or kIo.
  Status StartTls(ssl_ctx_st* ctx, int timeout_ms);
  bool tls() const { return ssl_ != nullptr; }

  Failure failure() const { return failure_; }
  // True when the client has closed its end (checked without blocking).
  bool PeerHungUp() const;
  int fd() const { return fd_; }

 private:
  // Ensures `n` buffered bytes; `timeout_ms` as in ReadMessage.
  Status Fill(size_t n, int timeout_ms);
  Status Fail(Failure failure, Status status);
  // Waits until the socket is readable (`write` false) or writable, or the
  // shutdown event fires; `timeout_ms` < 0 waits forever.
  Status Wait(bool write, int timeout_ms);
  // One read of at most `max` bytes into `data`: > 0 bytes read, 0 to wait
  // for readability and try again, -1 on failure (failure_ is set).
  ssize_t ReadSome(char* data, size_t max, Status* error);

  int fd_;
  int shutdown_fd_;
  std::string in_;
  size_t in_pos_ = 0;
  MessageWriter out_;
  Failure failure_ = Failure::kNone;
  ssl_st* ssl_ = nullptr;
};

}  // namespace copra::pgwire
