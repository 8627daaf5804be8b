#include "python/python_worker.h"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <new>
#include <thread>

#include "python/coprocessor.h"
#include "python/python_aggregator.h"
#include "python/python_runtime.h"
#include "python/python_udf.h"
#include "python/shared_batch.h"
#include "python/worker_channel.h"
#include "sql/parser.h"

namespace copra {

namespace {

// Closes a received segment's fd unless a reader took it over (fd = -1).
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

void PutTypes(MessageWriter& w, const std::vector<LogicalType>& types) {
  w.PutI64(static_cast<int64_t>(types.size()));
  for (const LogicalType& t : types) {
    w.PutU8(static_cast<uint8_t>(t.id()));
    w.PutU8(static_cast<uint8_t>(t.unit()));
  }
}

Result<std::vector<LogicalType>> GetTypes(MessageReader& r) {
  COPRA_ASSIGN_OR_RETURN(int64_t n, r.I64());
  if (n < 0 || n > 100000) return Status::Corruption("bad type count in python worker message");
  std::vector<LogicalType> out;
  for (int64_t i = 0; i < n; ++i) {
    COPRA_ASSIGN_OR_RETURN(uint8_t id, r.U8());
    COPRA_ASSIGN_OR_RETURN(uint8_t unit, r.U8());
    if (id > static_cast<uint8_t>(TypeId::kInterval) ||
        unit > static_cast<uint8_t>(TimeUnit::kNanosecond)) {
      return Status::Corruption("bad type in python worker message");
    }
    out.emplace_back(static_cast<TypeId>(id), static_cast<TimeUnit>(unit));
  }
  return out;
}

// The columns of segment `fd` (taken) of `size` bytes.
Result<std::vector<ColumnPtr>> ReadSegment(int fd, int64_t size, SealCheck check) {
  if (fd < 0) return Status::Corruption("python worker message without its shared batch");
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<SharedMemory> mem, SharedMemory::Map(fd, size, check));
  COPRA_ASSIGN_OR_RETURN(SharedBatch batch, DecodeSharedBatch(mem));
  return std::move(batch.columns);
}

constexpr int64_t kMinSegmentBytes = 64 << 10;
constexpr int64_t kKeepSegmentBytes = 1 << 20;

// Writes `columns` into `segment`, replaced by a new one (with a new id)
// when too small, or much larger than needed and over kKeepSegmentBytes.
// Returns whether the segment is new (its fd must go along) and the bytes
// used. `seal_size`: seal a new segment's size (a reader mapping it cannot
// be made to fault).
struct Written {
  bool fresh = false;
  int64_t used = 0;
};
Result<Written> WriteReusable(const std::vector<ColumnPtr>& columns, int64_t rows,
                              ReusableSegment* segment, bool seal_size) {
  COPRA_ASSIGN_OR_RETURN(int64_t need, SharedBatchSize(columns, rows));
  const std::shared_ptr<SharedMemory>& have = segment->memory;
  const bool fits = have != nullptr && have->size() >= need &&
                    (have->size() <= kKeepSegmentBytes || have->size() <= 4 * need);
  bool fresh = false;
  if (!fits) {
    COPRA_ASSIGN_OR_RETURN(segment->memory,
                           SharedMemory::Create(std::max(kMinSegmentBytes, need + need / 2)));
    if (seal_size) COPRA_RETURN_NOT_OK(segment->memory->SealSize());
    ++segment->id;
    fresh = true;
  }
  COPRA_RETURN_NOT_OK(WriteSharedBatch(columns, rows, *segment->memory));
  return Written{fresh, need};
}

// The mapping of a message's segment: a new one (fd attached, replacing
// the slot's) or the slot's current one (same id).
Result<std::shared_ptr<SharedMemory>> SlotSegment(MappedSegment* mapped, int64_t id, int64_t size,
                                                  int fd, SealCheck check) {
  if (fd >= 0) {
    mapped->memory.reset();
    COPRA_ASSIGN_OR_RETURN(mapped->memory, SharedMemory::Map(fd, size, check));
    mapped->id = id;
  } else if (mapped->memory == nullptr || mapped->id != id || mapped->memory->size() != size) {
    return Status::Corruption("python worker message names an unknown segment");
  }
  return mapped->memory;
}

// A reply starts with its tag and then the retained flag (set after the
// reply is encoded, see RunPythonWorker).
constexpr size_t kReplyRetainedByte = 1;

void PutStats(MessageWriter& w, const WorkerCallStats& s) {
  w.PutI64(s.wait_us);
  w.PutI64(s.busy_us);
  w.PutI64(s.cpu_us);
}

}  // namespace

Result<EncodedWorkerMessage> EncodeWorkerRequest(const PythonWorkerRequest& request, int slot,
                                                 ReusableSegment* segment) {
  EncodedWorkerMessage out;
  if (slot < 0 || slot >= kWorkerSegmentSlots) {
    return Status::Internal("python worker request in a bad slot");
  }
  int64_t rows = request.inputs.empty() ? 0 : request.inputs[0]->length();
  if (request.kind == PythonWorkerRequest::Kind::kAggregate) rows = kRaggedBatch;
  COPRA_ASSIGN_OR_RETURN(Written written,
                         WriteReusable(request.inputs, rows, segment, /*seal_size=*/false));
  out.segment = segment->memory;
  out.fd = written.fresh ? segment->memory->fd() : -1;
  MessageWriter w;
  w.PutU8(static_cast<uint8_t>(request.kind));
  w.PutString(request.name);
  w.PutString(request.source);
  w.PutI64(request.num_rows);
  w.PutU8(static_cast<uint8_t>(slot));
  w.PutI64(segment->id);
  w.PutI64(segment->memory->size());
  w.PutI64(static_cast<int64_t>(request.kwargs.size()));
  for (const auto& [k, v] : request.kwargs) {
    w.PutString(k);
    w.PutString(v);
  }
  PutTypes(w, request.types);
  out.body = w.body();
  return out;
}

Result<PythonWorkerRequest> DecodeWorkerRequest(const std::string& body, int fd,
                                                MappedSegment mapped[kWorkerSegmentSlots]) {
  FdCloser guard{fd};
  MessageReader r(body);
  PythonWorkerRequest req;
  COPRA_ASSIGN_OR_RETURN(uint8_t kind, r.U8());
  if (kind != 'C' && kind != 'U' && kind != 'S' && kind != 'F' && kind != 'A') {
    return Status::Corruption("unknown python worker request");
  }
  req.kind = static_cast<PythonWorkerRequest::Kind>(kind);
  COPRA_ASSIGN_OR_RETURN(req.name, r.String());
  COPRA_ASSIGN_OR_RETURN(req.source, r.String());
  COPRA_ASSIGN_OR_RETURN(req.num_rows, r.I64());
  COPRA_ASSIGN_OR_RETURN(uint8_t slot, r.U8());
  if (slot >= kWorkerSegmentSlots) return Status::Corruption("bad slot in python worker request");
  req.slot = slot;
  COPRA_ASSIGN_OR_RETURN(int64_t id, r.I64());
  COPRA_ASSIGN_OR_RETURN(int64_t size, r.I64());
  COPRA_ASSIGN_OR_RETURN(int64_t nkw, r.I64());
  for (int64_t i = 0; i < nkw; ++i) {
    COPRA_ASSIGN_OR_RETURN(std::string k, r.String());
    COPRA_ASSIGN_OR_RETURN(std::string v, r.String());
    req.kwargs[k] = v;
  }
  COPRA_ASSIGN_OR_RETURN(req.types, GetTypes(r));
  guard.fd = -1;
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<SharedMemory> mem,
                         SlotSegment(&mapped[slot], id, size, fd, SealCheck::kNone));
  COPRA_ASSIGN_OR_RETURN(SharedBatch batch, DecodeSharedBatch(mem));
  req.inputs = std::move(batch.columns);
  return req;
}

Result<EncodedWorkerMessage> EncodeWorkerReply(const PythonWorkerReply& reply,
                                               ReusableSegment* segment) {
  EncodedWorkerMessage out;
  MessageWriter w;
  if (!reply.status.ok()) {
    w.PutU8(reply.memory_exceeded ? 2 : 1);
    w.PutU8(reply.request_segment_retained ? 1 : 0);
    PutStats(w, reply.stats);
    w.PutI64(static_cast<int64_t>(reply.status.code()));
    w.PutString(reply.status.message());
    w.PutI64(reply.status.position().line);
    w.PutI64(reply.status.position().column);
  } else {
    int64_t rows = reply.columns.empty() ? 0 : reply.columns[0]->length();
    for (const ColumnPtr& c : reply.columns) {
      if (c->length() != rows) {
        return Status::Internal("python worker: result columns of different lengths");
      }
    }
    // The server maps the segment: its size is sealed, so it cannot shrink
    // under the server's read.
    COPRA_ASSIGN_OR_RETURN(Written written,
                           WriteReusable(reply.columns, rows, segment, /*seal_size=*/true));
    out.segment = segment->memory;
    out.fd = written.fresh ? segment->memory->fd() : -1;
    w.PutU8(0);
    w.PutU8(reply.request_segment_retained ? 1 : 0);
    PutStats(w, reply.stats);
    w.PutI64(segment->id);
    w.PutI64(segment->memory->size());
    w.PutI64(written.used);
  }
  out.body = w.body();
  return out;
}

Result<PythonWorkerReply> DecodeWorkerReply(const std::string& body, int fd,
                                            MappedSegment* mapped) {
  FdCloser guard{fd};
  MessageReader r(body);
  PythonWorkerReply reply;
  COPRA_ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  if (tag > 2) return Status::Corruption("unknown python worker reply");
  COPRA_ASSIGN_OR_RETURN(uint8_t retained, r.U8());
  reply.request_segment_retained = retained != 0;
  COPRA_ASSIGN_OR_RETURN(reply.stats.wait_us, r.I64());
  COPRA_ASSIGN_OR_RETURN(reply.stats.busy_us, r.I64());
  COPRA_ASSIGN_OR_RETURN(reply.stats.cpu_us, r.I64());
  if (tag == 1 || tag == 2) {
    COPRA_ASSIGN_OR_RETURN(int64_t code, r.I64());
    COPRA_ASSIGN_OR_RETURN(std::string message, r.String());
    COPRA_ASSIGN_OR_RETURN(int64_t line, r.I64());
    COPRA_ASSIGN_OR_RETURN(int64_t column, r.I64());
    if (code <= 0 || code > static_cast<int64_t>(ErrorCode::kInternal)) {
      code = static_cast<int64_t>(ErrorCode::kPythonError);
    }
    SourcePosition pos;
    pos.line = static_cast<int>(line);
    pos.column = static_cast<int>(column);
    reply.status = Status::Error(static_cast<ErrorCode>(code), message, pos);
    reply.memory_exceeded = tag == 2;
    return reply;
  }
  COPRA_ASSIGN_OR_RETURN(int64_t id, r.I64());
  COPRA_ASSIGN_OR_RETURN(int64_t size, r.I64());
  COPRA_ASSIGN_OR_RETURN(int64_t used, r.I64());
  guard.fd = -1;
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<SharedMemory> shared,
                         SlotSegment(mapped, id, size, fd, SealCheck::kFixedSize));
  if (used < 1 || used > size) return Status::Corruption("python worker reply of a bad size");
  // The worker may write into its segment again: decode a private copy.
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<SharedMemory> copy,
                         SharedMemory::CopyOf(shared->data(), used));
  COPRA_ASSIGN_OR_RETURN(SharedBatch batch, DecodeSharedBatch(copy));
  reply.columns = std::move(batch.columns);
  for (const ColumnPtr& c : reply.columns) {
    if (c->length() != reply.columns[0]->length()) {
      return Status::Corruption("python worker returned columns of different lengths");
    }
  }
  return reply;
}

namespace {

constexpr uint8_t kQueryTag = 3;  // a worker message asking for a query

// The worker's channel to the server while it serves requests.
int g_server_channel = -1;

// Requests the server queued behind the current one (it sends up to two at
// a time) that arrived while the worker waited for a query's answer.
std::deque<WorkerMessage> g_early_requests;

// The next request: a queued early one, or from the channel.
Result<WorkerMessage> NextRequest(int fd) {
  if (!g_early_requests.empty()) {
    WorkerMessage msg = std::move(g_early_requests.front());
    g_early_requests.pop_front();
    return msg;
  }
  return ReceiveWorkerMessage(fd);
}

}  // namespace

bool IsWorkerQuery(const std::string& body, std::string* sql) {
  if (body.empty() || static_cast<uint8_t>(body[0]) != kQueryTag) return false;
  MessageReader r(body);
  if (!r.U8().ok()) return false;
  auto text = r.String();
  if (!text.ok()) return false;
  *sql = std::move(*text);
  return true;
}

Result<EncodedWorkerMessage> EncodeQueryAnswer(const Result<ServerQueryAnswer>& answer) {
  EncodedWorkerMessage out;
  MessageWriter w;
  if (!answer.ok()) {
    w.PutU8(1);
    w.PutString(answer.status().message());
  } else if (!answer->returns_rows) {
    w.PutU8(2);
    w.PutI64(answer->affected);
  } else {
    int64_t rows = answer->columns.empty() ? 0 : answer->columns[0]->length();
    auto segment = EncodeSharedBatch(answer->columns, rows);
    if (!segment.ok()) {
      w.PutU8(1);
      w.PutString(segment.status().ToString());
    } else {
      out.segment = std::move(*segment);
      out.fd = out.segment->fd();
      w.PutU8(0);
      w.PutI64(static_cast<int64_t>(answer->names.size()));
      for (const std::string& n : answer->names) w.PutString(n);
      w.PutI64(out.segment->size());
    }
  }
  out.body = w.body();
  return out;
}

Result<ServerQueryAnswer> RunSqlInServer(const std::string& sql) {
  if (g_server_channel < 0) return Status::Internal("not in a python worker");
  MessageWriter w;
  w.PutU8(kQueryTag);
  w.PutString(sql);
  COPRA_RETURN_NOT_OK(SendWorkerMessage(g_server_channel, w.body()));
  WorkerMessage msg;
  for (;;) {
    COPRA_ASSIGN_OR_RETURN(msg, ReceiveWorkerMessage(g_server_channel));
    // Answers start with a small tag; requests with their kind letter.
    if (!msg.body.empty() && static_cast<uint8_t>(msg.body[0]) <= 2) break;
    g_early_requests.push_back(std::move(msg));
  }
  FdCloser guard{msg.fd};
  MessageReader r(msg.body);
  COPRA_ASSIGN_OR_RETURN(uint8_t tag, r.U8());
  ServerQueryAnswer answer;
  if (tag == 1) {
    COPRA_ASSIGN_OR_RETURN(std::string message, r.String());
    return Status::Error(ErrorCode::kPythonError, message);
  }
  if (tag == 2) {
    COPRA_ASSIGN_OR_RETURN(answer.affected, r.I64());
    return answer;
  }
  if (tag != 0) return Status::Corruption("unknown answer to a python worker's query");
  answer.returns_rows = true;
  COPRA_ASSIGN_OR_RETURN(int64_t n, r.I64());
  if (n < 0 || n > 100000) return Status::Corruption("bad column count in a query answer");
  for (int64_t i = 0; i < n; ++i) {
    COPRA_ASSIGN_OR_RETURN(std::string name, r.String());
    answer.names.push_back(std::move(name));
  }
  COPRA_ASSIGN_OR_RETURN(int64_t size, r.I64());
  guard.fd = -1;
  COPRA_ASSIGN_OR_RETURN(answer.columns, ReadSegment(msg.fd, size, SealCheck::kNone));
  if (answer.columns.size() != answer.names.size()) {
    return Status::Corruption("query answer with a wrong number of columns");
  }
  return answer;
}

namespace {

// Compiled scripts and UDFs by source (a worker serves every database).
class WorkerCache {
 public:
  Result<std::shared_ptr<const Coprocessor>> Script(const PythonWorkerRequest& req) {
    auto it = scripts_.find(req.source);
    if (it != scripts_.end()) return it->second;
    Trim();
    COPRA_ASSIGN_OR_RETURN(std::shared_ptr<const Coprocessor> script,
                           Coprocessor::Compile(req.name, req.source));
    scripts_[req.source] = script;
    return script;
  }

  Result<std::shared_ptr<PythonUdf>> Udf(const PythonWorkerRequest& req) {
    auto it = udfs_.find(req.source);
    if (it != udfs_.end()) return it->second;
    Trim();
    COPRA_ASSIGN_OR_RETURN(auto parsed, ParseSql(req.source));
    if (parsed.size() != 1 || parsed[0]->kind != StatementKind::kCreateFunction) {
      return Status::Internal("python worker: not one CREATE FUNCTION statement");
    }
    COPRA_ASSIGN_OR_RETURN(std::shared_ptr<PythonUdf> udf,
                           PythonUdf::Make(parsed[0]->As<CreateFunctionStatement>()));
    udfs_[req.source] = udf;
    return udf;
  }

 private:
  void Trim() {
    if (scripts_.size() + udfs_.size() < 256) return;
    scripts_.clear();
    udfs_.clear();
  }
  std::map<std::string, std::shared_ptr<const Coprocessor>> scripts_;
  std::map<std::string, std::shared_ptr<PythonUdf>> udfs_;
};

PythonWorkerReply Serve(WorkerCache& cache, const PythonWorkerRequest& req) {
  PythonWorkerReply reply;
  try {
    if (req.kind == PythonWorkerRequest::Kind::kCheckScript) {
      reply.status = cache.Script(req).status();
    } else if (req.kind == PythonWorkerRequest::Kind::kCheckUdf) {
      auto checked = PythonUdf::CheckBody(req.name, req.source, req.num_rows != 0);
      if (!checked.ok()) {
        reply.status = checked.status();
      } else if (req.num_rows != 0) {
        auto has_merge = Column::FromValues(LogicalType::Boolean(), {Value::Boolean(*checked)});
        if (has_merge.ok()) reply.columns.push_back(std::move(*has_merge));
      }
    } else if (req.kind == PythonWorkerRequest::Kind::kAggregate) {
      auto udf = cache.Udf(req);
      if (!udf.ok()) {
        reply.status = udf.status();
      } else {
        auto out = RunAggregateStep(**udf, req);
        if (out.ok()) {
          reply.columns.push_back(std::move(*out));
        } else {
          reply.status = out.status();
        }
      }
    } else if (req.kind == PythonWorkerRequest::Kind::kCoprocessor) {
      auto script = cache.Script(req);
      if (!script.ok()) {
        reply.status = script.status();
      } else {
        CoprocessorContext ctx;  // no database, no cancel flag: the server kills us instead
        std::vector<LogicalType> types = req.types;
        auto out = (*script)->Call(req.inputs, req.num_rows, req.kwargs, ctx, &types);
        if (out.ok()) {
          reply.columns = std::move(*out);
        } else {
          reply.status = out.status();
        }
      }
    } else {
      auto udf = cache.Udf(req);
      if (!udf.ok()) {
        reply.status = udf.status();
      } else {
        int64_t rows = req.inputs.empty() ? req.num_rows : req.inputs[0]->length();
        auto out = (*udf)->CallInProcess(req.inputs, rows);
        if (out.ok()) {
          reply.columns.push_back(std::move(*out));
        } else {
          reply.status = out.status();
        }
      }
    }
  } catch (const std::bad_alloc&) {
    reply.status = Status::Error(ErrorCode::kOutOfMemory, "out of memory");
    reply.memory_exceeded = true;
  }
  if (!reply.status.ok()) {
    const std::string& m = reply.status.message();
    std::string first_line = m.substr(0, m.find('\n'));
    if (first_line.find(": MemoryError") != std::string::npos) reply.memory_exceeded = true;
  }
  return reply;
}

// Exits when the server is gone (this process was re-parented), even while
// user code runs.
void WatchParent() {
  pid_t parent = getppid();
  std::thread([parent] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      if (getppid() != parent) _exit(0);
    }
  }).detach();
}

}  // namespace

int RunPythonWorker(int fd, int64_t memory_limit_mb) {
  // Descriptors the server opened without O_CLOEXEC (client sockets, the
  // data directory lock) must not live on in the worker.
  if (fd > 3) close_range(3, static_cast<unsigned>(fd) - 1, 0);
  close_range(static_cast<unsigned>(fd) + 1, ~0U, 0);
  WatchParent();
  PythonRuntime::SetWorkerProcess();
  Status init = PythonRuntime::EnsureInitialized();
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space for its shadow
  // memory: an address-space limit cannot work in sanitizer builds.
  memory_limit_mb = 0;
#endif
  if (init.ok() && memory_limit_mb > 0) {
    rlimit limit;
    limit.rlim_cur = static_cast<rlim_t>(memory_limit_mb) << 20;
    limit.rlim_max = limit.rlim_cur;
    if (setrlimit(RLIMIT_AS, &limit) != 0) std::perror("copra python-worker: setrlimit");
  }
  if (!SendWorkerMessage(fd, init.ok() ? std::string("ready") : init.message()).ok()) return 0;
  if (!init.ok()) return 1;
  WorkerCache cache;
  g_server_channel = fd;
  MappedSegment requests[kWorkerSegmentSlots];
  ReusableSegment replies[kWorkerSegmentSlots];
  using Clock = std::chrono::steady_clock;
  auto micros = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  };
  auto cpu_micros = [] {
    rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * int64_t{1000000} + u.ru_utime.tv_usec +
           u.ru_stime.tv_usec;
  };
  int64_t cpu_before = cpu_micros();
  for (;;) {
    const Clock::time_point waiting = Clock::now();
    auto msg = NextRequest(fd);
    if (!msg.ok()) return 0;  // the server closed the channel
    const Clock::time_point arrived = Clock::now();
    PythonWorkerReply reply;
    int slot = 0;
    {
      auto req = DecodeWorkerRequest(msg->body, msg->fd, requests);
      if (!req.ok()) {
        reply.status = req.status();
      } else {
        slot = req->slot;
        reply = Serve(cache, *req);
      }
    }
    const int64_t cpu_now = cpu_micros();
    reply.stats.wait_us = micros(arrived - waiting);
    reply.stats.busy_us = micros(Clock::now() - arrived);
    reply.stats.cpu_us = cpu_now - cpu_before;
    cpu_before = cpu_now;
    auto encoded = EncodeWorkerReply(reply, &replies[slot]);
    if (!encoded.ok()) {
      PythonWorkerReply failed;
      failed.status = encoded.status();
      failed.memory_exceeded = encoded.status().code() == ErrorCode::kOutOfMemory;
      failed.stats = reply.stats;
      encoded = EncodeWorkerReply(failed, &replies[slot]);
      if (!encoded.ok()) return 2;
    }
    // The request's and the result's columns are gone now; a request
    // mapping still referenced is held by user code (a view kept in a
    // global): the server must never write into it again.
    reply.columns.clear();
    if (requests[slot].memory != nullptr && requests[slot].memory.use_count() > 1) {
      encoded->body[kReplyRetainedByte] = 1;
      requests[slot] = MappedSegment();
    }
    if (!SendWorkerMessage(fd, encoded->body, encoded->fd).ok()) return 0;
    if (reply.memory_exceeded) return 0;  // a fresh worker replaces this one
  }
}

}  // namespace copra
