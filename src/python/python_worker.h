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
// In the worker, copra.query().sql() asks the server to run the SQL: the
// worker sends a query message in the middle of its call, the server runs
// it in the calling statement's database with its user and batch size
// (python/server_query.h) and answers with the result columns in a shared
// segment (RunSqlInServer).
//
// Aggregate UDFs (kAggregate): the server buffers a run of batches and sends
// them with each group's state so far (serialized by the worker, NULL for a
// new group); the worker calls process() per group per batch as the
// in-process backend does and answers with the new states, or with the
// finalize() results (python/python_aggregator.h).
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
    kAggregate = 'A',
  };
  Kind kind = Kind::kCoprocessor;
  std::string name;    // script / function name
  std::string source;  // the script, or the UDF's CREATE FUNCTION statement
  // Coprocessor: rows of the inputs, or -1 when called without inputs.
  // Aggregate: the number of groups.
  int64_t num_rows = 0;
  std::map<std::string, std::string> kwargs;
  // Coprocessor: output types fixed by an earlier call (empty: infer).
  std::vector<LogicalType> types;
  // Aggregate: the argument columns, the group of each row (INT64), the end
  // row of each batch (INT64) and the states (BINARY, one per group), of
  // different lengths; kwargs "finalize" = "1" asks for the results.
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

// What a query run for a worker returns: the columns of a query, or the
// affected-row count of another statement.
struct ServerQueryAnswer {
  bool returns_rows = false;
  int64_t affected = 0;
  std::vector<std::string> names;
  std::vector<ColumnPtr> columns;
};

// Server side: whether a worker message is a query request (and its SQL),
// and the answer to send back.
bool IsWorkerQuery(const std::string& body, std::string* sql);
Result<EncodedWorkerMessage> EncodeQueryAnswer(const Result<ServerQueryAnswer>& answer);

// Worker side, during a call: runs `sql` in the server and waits for the
// answer (columns point into a shared segment). REQUIRES: in a worker
// process serving a request.
Result<ServerQueryAnswer> RunSqlInServer(const std::string& sql);

// The worker process's main loop on socket `fd`: serves requests until the
// socket closes. `memory_limit_mb` > 0 caps the worker's address space
// (RLIMIT_AS) once Python is initialized. Returns the exit code.
int RunPythonWorker(int fd, int64_t memory_limit_mb);

}  // namespace copra
