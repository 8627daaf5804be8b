// PythonWorker: the protocol between the server and a Python worker process
// of the "process" backend, and the worker's main loop.
//
// A worker is the copra binary started as `copra python-worker --fd N`
// (see python/worker_pool.h, which spawns and supervises workers). It runs
// the same embedded CPython code path as the in-process backend (same
// prelude, same copra/greptime module, same conversions), so results are
// identical. It first sends "ready" (or why Python cannot start), then
// serves one request at a time: the server sends a PythonWorkerRequest
// whose input columns are in a shared-memory segment
// (python/shared_batch.h), the worker compiles the script or UDF (cached by
// source), calls it, writes the result columns into a new sealed segment
// and replies.
//
// In the worker, copra.query().sql() raises copra.QueryError (there is no
// database in that process).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "vector/column.h"

namespace copra {

struct PythonWorkerRequest {
  // kCheck*: compile only (registration), no inputs, no result columns;
  // kCheckUdf takes the $$ body as `source` and `num_rows` 1 for an
  // aggregate, and reports errors at their line:column in the body.
  enum class Kind : uint8_t {
    kCoprocessor = 'C',
    kScalarUdf = 'U',
    kCheckScript = 'S',
    kCheckUdf = 'F',
  };
  Kind kind = Kind::kCoprocessor;
  std::string name;    // script / function name
  std::string source;  // the script, or the UDF's CREATE FUNCTION statement
  // Coprocessor: rows of the inputs, or -1 when called without inputs.
  int64_t num_rows = 0;
  std::map<std::string, std::string> kwargs;
  // Coprocessor: output types fixed by an earlier call (empty: infer).
  std::vector<LogicalType> types;
  std::vector<ColumnPtr> inputs;
};

struct PythonWorkerReply {
  Status status;
  // The call failed because the worker ran out of its memory limit; the
  // worker exits after replying.
  bool memory_exceeded = false;
  std::vector<ColumnPtr> columns;
};

// The request as a message body plus a segment to send along (its fd).
struct EncodedWorkerMessage {
  std::string body;
  std::shared_ptr<class SharedMemory> segment;  // may be null
};

Result<EncodedWorkerMessage> EncodeWorkerRequest(const PythonWorkerRequest& request);
// `fd`: the descriptor received with the message (ownership taken), -1 if none.
Result<PythonWorkerRequest> DecodeWorkerRequest(const std::string& body, int fd);
Result<EncodedWorkerMessage> EncodeWorkerReply(const PythonWorkerReply& reply);
Result<PythonWorkerReply> DecodeWorkerReply(const std::string& body, int fd);

// The worker process's main loop on socket `fd`: serves requests until the
// socket closes. `memory_limit_mb` > 0 caps the worker's address space
// (RLIMIT_AS) once Python is initialized. Returns the exit code.
int RunPythonWorker(int fd, int64_t memory_limit_mb);

}  // namespace copra
