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
// finalize() results (python/python_aggregator.h). With kwargs "partial",
// it answers with the instances of its share of the batches, and a request
// with kwargs "merge" combines such partial states with merge().
//
// Segments are kept between calls: a worker has kWorkerSegmentSlots request
// segments (written by the server) and as many reply segments (written by
// the worker); a request sent in slot s is answered in reply segment s, and
// the server sends the next request in slot s only after it has read that
// answer. A segment's descriptor travels once, with the first message that
// uses it (a new id); later messages name the id. The server copies each
// answer out of the reply segment before decoding it. A worker whose user
// code kept a view of a request segment (a numpy array in a global) says so
// in its reply, and the server then writes the next request into a fresh
// segment (the old one lives as long as that view).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "vector/column.h"

namespace copra {

class SharedMemory;

// Request (and reply) segments per worker: requests in flight at once.
constexpr int kWorkerSegmentSlots = 2;

// A segment kept between calls by the side that writes it.
struct ReusableSegment {
  std::shared_ptr<SharedMemory> memory;
  int64_t id = 0;  // of `memory` (ids grow; a new id goes with its fd)
};

// A segment kept mapped between calls by the side that reads it.
struct MappedSegment {
  std::shared_ptr<SharedMemory> memory;
  int64_t id = 0;
};

// What one call cost the worker, reported with its reply (metrics,
// bench/python/process_bench.py).
struct WorkerCallStats {
  int64_t wait_us = 0;  // blocked waiting for this request
  int64_t busy_us = 0;  // from the request's arrival to the reply
  int64_t cpu_us = 0;   // the worker's CPU time (user + system) since its last reply
};

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
  // different lengths; kwargs "finalize" = "1" asks for the results,
  // "partial" = "1" for the states of this share only (see merge), and
  // "merge" = "N" combines N partial state columns (inputs) with merge().
  std::vector<ColumnPtr> inputs;
  // Transport, set by DecodeWorkerRequest: the segment slot it came in.
  int slot = 0;
};

struct PythonWorkerReply {
  Status status;
  // The call failed because the worker ran out of its memory limit; the
  // worker exits after replying.
  bool memory_exceeded = false;
  // User code still holds a view of the request's segment: the server must
  // not write into it again.
  bool request_segment_retained = false;
  WorkerCallStats stats;
  std::vector<ColumnPtr> columns;
};

// A message body plus the segment it refers to (kept alive) and the
// descriptor to send along (-1: none; the receiver knows the segment).
struct EncodedWorkerMessage {
  std::string body;
  std::shared_ptr<SharedMemory> segment;  // may be null
  int fd = -1;
};

// Server: writes `request` into `segment`, the worker's segment slot `slot`
// (reused when big enough; replaced otherwise, and then its fd goes with
// the message).
Result<EncodedWorkerMessage> EncodeWorkerRequest(const PythonWorkerRequest& request, int slot,
                                                 ReusableSegment* segment);
// Worker: `fd` is the descriptor received with the message (ownership
// taken), -1 if none; `mapped` are the worker's request slots.
Result<PythonWorkerRequest> DecodeWorkerRequest(const std::string& body, int fd,
                                                MappedSegment mapped[kWorkerSegmentSlots]);
// Worker: writes the reply's columns into `segment` (its reply slot's).
Result<EncodedWorkerMessage> EncodeWorkerReply(const PythonWorkerReply& reply,
                                               ReusableSegment* segment);
// Server: `mapped` is the worker's reply segment of the request's slot.
// The columns are decoded from a private copy.
Result<PythonWorkerReply> DecodeWorkerReply(const std::string& body, int fd, MappedSegment* mapped);

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
