// WorkerChannel: framing of the control messages between the server and a
// Python worker process (python/worker_pool.h) over a Unix stream socket.
// A message is a 4-byte length and a body; one file descriptor (a shared
// batch segment, python/shared_batch.h) may ride along with it. Column data
// never travels here, only in shared memory.
//
// MessageWriter / MessageReader build and parse bodies field by field; the
// reader checks every length, since the other side is another process.
//
// Not thread-safe: one thread uses a socket at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

struct WorkerMessage {
  std::string body;
  int fd = -1;  // received descriptor, owned by the receiver; -1 if none
};

// Sends `body` (and `fd` unless -1). kIoError when the peer is gone.
Status SendWorkerMessage(int socket, std::string_view body, int fd = -1);
// Blocks for one message. kIoError "closed" at end of stream.
Result<WorkerMessage> ReceiveWorkerMessage(int socket);

class MessageWriter {
 public:
  void PutU8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void PutI64(int64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof(v)); }
  void PutString(std::string_view s) {
    PutI64(static_cast<int64_t>(s.size()));
    out_.append(s);
  }
  const std::string& body() const { return out_; }

 private:
  std::string out_;
};

class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : in_(body) {}
  Result<uint8_t> U8();
  Result<int64_t> I64();
  Result<std::string> String();

 private:
  std::string_view in_;
};

}  // namespace copra
