#include "python/worker_pool.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <thread>

#include "common/logging.h"
#include "common/metrics.h"
#include "python/python_runtime.h"
#include "python/server_query.h"
#include "python/shared_batch.h"
#include "python/worker_channel.h"

extern char** environ;

namespace copra {

struct PythonWorkerPool::Worker {
  pid_t pid = -1;
  int fd = -1;
  uint64_t generation = 0;
  int64_t memory_limit_mb = 0;
  bool reaped = false;  // already waited for
  // Kept between calls (see python/python_worker.h): the segments requests
  // are written into, and the mappings of the worker's reply segments.
  ReusableSegment request_segments[kWorkerSegmentSlots];
  MappedSegment reply_segments[kWorkerSegmentSlots];

  ~Worker() {
    if (fd >= 0) close(fd);
    if (pid > 0 && !reaped) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
};

namespace {

using Clock = std::chrono::steady_clock;

// Time limit of a registration check when no worker_timeout_ms is set.
constexpr int64_t kCheckTimeoutMs = 60000;

// Requests sent to one worker at a time within one Run(): the next one
// waits in the worker's socket while the current one runs. One segment
// slot each.
constexpr size_t kPipelineDepth = kWorkerSegmentSlots;

// What the workers did (GET /metrics; bench/python/process_bench.py).
struct WorkerMetrics {
  Counter* calls;
  Counter* busy_us;
  Counter* wait_us;
  Counter* cpu_us;
  static const WorkerMetrics& Get() {
    static const WorkerMetrics m = [] {
      MetricsRegistry& r = MetricsRegistry::Global();
      WorkerMetrics w;
      w.calls = r.AddCounter("copra_python_worker_calls_total",
                             "Calls answered by python worker processes", {});
      w.busy_us = r.AddCounter("copra_python_worker_busy_microseconds_total",
                               "Time python workers spent on calls (wall, microseconds)", {});
      w.wait_us = r.AddCounter("copra_python_worker_wait_microseconds_total",
                               "Time python workers waited for their next call (microseconds)", {});
      w.cpu_us = r.AddCounter("copra_python_worker_cpu_microseconds_total",
                              "CPU time (user + system) of python workers (microseconds)", {});
      return w;
    }();
    return m;
  }
  void Count(const WorkerCallStats& s) const {
    calls->Increment();
    busy_us->Increment(static_cast<uint64_t>(std::max<int64_t>(0, s.busy_us)));
    wait_us->Increment(static_cast<uint64_t>(std::max<int64_t>(0, s.wait_us)));
    cpu_us->Increment(static_cast<uint64_t>(std::max<int64_t>(0, s.cpu_us)));
  }
};

// > 0 while this thread runs SQL for a worker's copra.query().sql(): that
// SQL may call Python on workers again, and must not wait for the workers
// its own statement holds (a deadlock): it may start one extra worker.
thread_local int t_query_depth = 0;

int WorkerLimit(const PythonWorkerOptions& options) {
  return options.workers > 0
             ? options.workers
             : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 2u));
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : std::to_string(sig);
}

// Where the copra binary is: configured, $COPRA_WORKER_BINARY, this
// process when it is copra, or the build tree's copra (unit tests).
Result<std::string> WorkerExecutable(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("COPRA_WORKER_BINARY"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && self.filename() == "copra") return self.string();
#ifdef COPRA_WORKER_BINARY_DEFAULT
  if (std::filesystem::exists(COPRA_WORKER_BINARY_DEFAULT, ec)) {
    return std::string(COPRA_WORKER_BINARY_DEFAULT);
  }
#endif
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "cannot find the copra binary to start python workers "
                       "(set python.worker_binary or $COPRA_WORKER_BINARY)");
}

// The worker's exit as words, after the channel closed unexpectedly.
// Reaps it (kills it if it lingers without its channel).
std::string DescribeExit(pid_t pid) {
  int status = 0;
  pid_t r = 0;
  for (int i = 0; i < 200 && r == 0; ++i) {
    r = waitpid(pid, &status, WNOHANG);
    if (r == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (r == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return "closed its channel";
  }
  if (r < 0) return "disappeared";
  if (WIFSIGNALED(status)) {
    return fmt::format("crashed (signal {} {})", WTERMSIG(status), SignalName(WTERMSIG(status)));
  }
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return "stopped";
}

}  // namespace

PythonWorkerPool& PythonWorkerPool::Global() {
  static PythonWorkerPool* pool = new PythonWorkerPool();  // lives until exit
  return *pool;
}

void PythonWorkerPool::Configure(const PythonWorkerOptions& options) {
  bool new_path = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    new_path = !options.sys_path.empty() && options.sys_path != options_.sys_path;
    options_ = options;
    released_.notify_all();
  }
  if (new_path) {
    std::vector<std::string> dirs;
    size_t start = 0;
    while (start <= options.sys_path.size()) {
      size_t end = options.sys_path.find(':', start);
      if (end == std::string::npos) end = options.sys_path.size();
      if (end > start) dirs.push_back(options.sys_path.substr(start, end - start));
      start = end + 1;
    }
    PythonRuntime::AddSysPath(dirs);
  }
}

PythonWorkerOptions PythonWorkerPool::options() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_;
}

int PythonWorkerPool::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (options_.workers > 0) return options_.workers;
  unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 2u));
}

Result<std::unique_ptr<PythonWorkerPool::Worker>> PythonWorkerPool::Spawn(
    const std::atomic<bool>* cancel) {
  PythonWorkerOptions opts = options();
  COPRA_ASSIGN_OR_RETURN(std::string exe, WorkerExecutable(opts.executable));
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::IOError(std::string("socketpair: ") + std::strerror(errno));
  }
  const int child_fd = fds[1] == 3 ? 4 : 3;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], child_fd);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // A process group of its own: Ctrl-C in the terminal is for the server
  // (or shell), which cancels the statement and so stops the worker.
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  // Signals SIGINT/SIGTERM stay blocked as in the server (they are the
  // server's); SIGPIPE and the rest keep their dispositions.
  std::string fd_arg = std::to_string(child_fd);
  std::string mem_arg = std::to_string(opts.memory_limit_mb);
  std::vector<char*> argv = {
      exe.data(),    const_cast<char*>("python-worker"),     const_cast<char*>("--fd"),
      fd_arg.data(), const_cast<char*>("--memory-limit-mb"), mem_arg.data(),
      nullptr};
  // One thread for BLAS/OpenMP: the pool is the parallelism. The
  // configured sys.path goes first on the worker's COPRA_PYTHONPATH.
  std::vector<std::string> env_storage;
  std::string python_path = opts.sys_path;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "OPENBLAS_NUM_THREADS=", 21) == 0 ||
        std::strncmp(*e, "OMP_NUM_THREADS=", 16) == 0) {
      continue;
    }
    if (std::strncmp(*e, "COPRA_PYTHONPATH=", 17) == 0) {
      if (*(*e + 17) != '\0')
        python_path += (python_path.empty() ? "" : ":") + std::string(*e + 17);
      continue;
    }
    env_storage.emplace_back(*e);
  }
  if (!python_path.empty()) env_storage.push_back("COPRA_PYTHONPATH=" + python_path);
  env_storage.emplace_back("OPENBLAS_NUM_THREADS=1");
  env_storage.emplace_back("OMP_NUM_THREADS=1");
  std::vector<char*> envp;
  for (std::string& s : env_storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return Status::IOError(
        fmt::format("cannot start a python worker ({}): {}", exe, std::strerror(rc)));
  }
  auto worker = std::make_unique<Worker>();
  worker->pid = pid;
  worker->fd = fds[0];
  worker->memory_limit_mb = opts.memory_limit_mb;
  // The worker says it is ready once Python is up, so that start-up time
  // never counts against a call's time limit.
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (cancel != nullptr && cancel->load()) {
      return Status::Cancelled("canceling statement due to user request");
    }
    if (Clock::now() >= deadline) {
      return Status::Error(ErrorCode::kPythonError, "python worker did not start within 60 s");
    }
    pollfd p{worker->fd, POLLIN, 0};
    if (poll(&p, 1, 10) > 0) break;
  }
  auto hello = ReceiveWorkerMessage(worker->fd);
  if (!hello.ok()) {
    std::string how = DescribeExit(worker->pid);
    worker->reaped = true;
    return Status::Error(ErrorCode::kPythonError, "python worker " + how + " while starting");
  }
  if (hello->fd >= 0) close(hello->fd);
  if (hello->body != "ready") {
    return Status::Error(ErrorCode::kPythonError, "python worker cannot start: " + hello->body);
  }
  return worker;
}

Result<std::unique_ptr<PythonWorkerPool::Worker>> PythonWorkerPool::Acquire(
    bool wait, const std::atomic<bool>* cancel, bool spawn) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (cancel != nullptr && cancel->load()) {
      return Status::Cancelled("canceling statement due to user request");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Worker> w = std::move(idle_.back());
      idle_.pop_back();
      busy_pids_.push_back(w->pid);
      return w;
    }
    const int limit = WorkerLimit(options_);
    // A nested call (see t_query_depth) may go one worker over the limit.
    const bool nested = wait && t_query_depth > 0;
    if (spawn && (live_ < limit || (nested && live_ < limit + t_query_depth))) {
      ++live_;
      uint64_t generation = generation_;
      lock.unlock();
      auto spawned = Spawn(cancel);
      lock.lock();
      if (!spawned.ok()) {
        --live_;
        released_.notify_all();
        return spawned.status();
      }
      (*spawned)->generation = generation;
      busy_pids_.push_back((*spawned)->pid);
      return std::move(*spawned);
    }
    if (!wait) return std::unique_ptr<Worker>();
    released_.wait_for(lock, std::chrono::milliseconds(20));
  }
}

void PythonWorkerPool::Release(std::unique_ptr<Worker> worker, bool healthy) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = std::find(busy_pids_.begin(), busy_pids_.end(), worker->pid);
  if (it != busy_pids_.end()) busy_pids_.erase(it);
  if (healthy && worker->generation == generation_ && live_ <= WorkerLimit(options_)) {
    idle_.push_back(std::move(worker));
  } else {
    --live_;
    lock.unlock();
    worker.reset();  // kills and reaps
    lock.lock();
  }
  released_.notify_all();
}

void PythonWorkerPool::Shutdown() {
  std::vector<std::unique_ptr<Worker>> idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
    idle.swap(idle_);
    live_ -= static_cast<int>(idle.size());
    released_.notify_all();
  }
  idle.clear();  // kills and reaps
}

bool PythonWorkerPool::InWorkerQuery() { return t_query_depth > 0; }

std::vector<int> PythonWorkerPool::WorkerPids() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<int> pids = busy_pids_;
  for (const auto& w : idle_) pids.push_back(w->pid);
  return pids;
}

Result<std::vector<std::vector<ColumnPtr>>> PythonWorkerPool::Run(
    const std::vector<PythonWorkerRequest>& requests, const std::atomic<bool>* cancel,
    const std::string& what, const CoprocessorContext* query_context) {
  std::vector<std::vector<ColumnPtr>> results(requests.size());
  if (requests.empty()) return results;
  int64_t timeout_ms = options().timeout_ms;
  // Registration checks (running a script's top level) never wait forever,
  // not even at startup, where nobody could cancel them.
  const PythonWorkerRequest::Kind kind = requests[0].kind;
  if (timeout_ms == 0 && (kind == PythonWorkerRequest::Kind::kCheckScript ||
                          kind == PythonWorkerRequest::Kind::kCheckUdf)) {
    timeout_ms = kCheckTimeoutMs;
  }

  // Each worker gets up to kPipelineDepth requests at once: the next one
  // waits in its socket, so a worker goes on without waiting for this
  // thread to wake up, read the reply and send more.
  struct Sent {
    size_t index;  // into requests
    int segment;   // segment slot it travels in
  };
  struct Slot {
    std::unique_ptr<Worker> worker;
    std::deque<Sent> queue;      // requests sent and not answered, in order
    Clock::time_point deadline;  // of queue.front()
  };
  std::vector<Slot> slots;
  {
    COPRA_ASSIGN_OR_RETURN(std::unique_ptr<Worker> first, Acquire(/*wait=*/true, cancel));
    slots.push_back(Slot{std::move(first), {}, {}});
    while (slots.size() < requests.size()) {
      // Extra workers are a bonus: on any failure go on with those we have
      // (an early return here would lose the first worker's lease).
      auto more = Acquire(/*wait=*/false, cancel);
      if (!more.ok() || *more == nullptr) break;
      slots.push_back(Slot{std::move(*more), {}, {}});
    }
  }

  Status failure;
  size_t next = 0;
  auto fail = [&](Slot& slot, Status st) {
    if (failure.ok()) failure = std::move(st);
    slot.queue.clear();
    Release(std::move(slot.worker), /*healthy=*/false);
  };
  // Sends requests to `slot` until it has `depth` (or none are left).
  auto feed = [&](Slot& slot, size_t depth) {
    while (slot.worker != nullptr && failure.ok() && next < requests.size() &&
           slot.queue.size() < depth) {
      // The segment slot no request in flight uses.
      int segment = 0;
      while (std::any_of(slot.queue.begin(), slot.queue.end(),
                         [&](const Sent& s) { return s.segment == segment; })) {
        ++segment;
      }
      const size_t index = next++;
      auto encoded =
          EncodeWorkerRequest(requests[index], segment, &slot.worker->request_segments[segment]);
      if (!encoded.ok()) {
        if (failure.ok()) failure = encoded.status();
        return;
      }
      Status sent = SendWorkerMessage(slot.worker->fd, encoded->body, encoded->fd);
      if (!sent.ok()) {
        std::string how = DescribeExit(slot.worker->pid);
        slot.worker->reaped = true;
        fail(slot, Status::Error(ErrorCode::kPythonError,
                                 fmt::format("python worker {} before running {}", how, what)));
        return;
      }
      if (slot.queue.empty()) {
        slot.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
      }
      slot.queue.push_back(Sent{index, segment});
    }
  };
  // A worker with nothing in flight and nothing left to send goes back to
  // the pool at once (another statement, or this one's next batch, can
  // use it while the other workers finish).
  auto release_if_done = [&](Slot& slot) {
    if (slot.worker != nullptr && slot.queue.empty() &&
        (next >= requests.size() || !failure.ok())) {
      Release(std::move(slot.worker), /*healthy=*/true);
    }
  };
  // Round-robin: every worker starts at once, then the queues fill up.
  for (size_t depth = 1; depth <= kPipelineDepth; ++depth) {
    for (Slot& slot : slots) feed(slot, depth);
  }

  const size_t limit = static_cast<size_t>(size());
  for (;;) {
    // Requests left and fewer workers than the pool has: take any worker
    // that became idle (another call released it) in the meantime.
    bool may_grow = failure.ok() && next < requests.size();
    if (may_grow) {
      size_t leased = 0;
      for (const Slot& slot : slots) leased += slot.worker != nullptr ? 1 : 0;
      may_grow = leased < limit;
      if (may_grow) {
        // Idle ones only: starting one here would stall the calls in flight.
        auto more = Acquire(/*wait=*/false, cancel, /*spawn=*/false);
        if (more.ok() && *more != nullptr) {
          slots.push_back(Slot{std::move(*more), {}, {}});
          feed(slots.back(), 1);
          feed(slots.back(), kPipelineDepth);
        }
      }
    }
    std::vector<pollfd> fds;
    std::vector<Slot*> polled;
    for (Slot& slot : slots) {
      if (slot.queue.empty()) continue;
      fds.push_back(pollfd{slot.worker->fd, POLLIN, 0});
      polled.push_back(&slot);
    }
    if (fds.empty()) {
      if (failure.ok() && next < requests.size() && !(cancel != nullptr && cancel->load())) {
        // Every worker we had went back; wait for one (interruptibly).
        auto again = Acquire(/*wait=*/true, cancel);
        if (!again.ok()) {
          failure = again.status();
          break;
        }
        slots.push_back(Slot{std::move(*again), {}, {}});
        feed(slots.back(), kPipelineDepth);
        continue;
      }
      break;
    }
    int rc = poll(fds.data(), fds.size(), may_grow ? 1 : 10);
    if (rc < 0 && errno != EINTR) {
      for (Slot* s : polled)
        fail(*s, Status::IOError(std::string("poll: ") + std::strerror(errno)));
      break;
    }
    const bool cancelled = cancel != nullptr && cancel->load();
    const Clock::time_point now = Clock::now();
    for (size_t i = 0; i < polled.size(); ++i) {
      Slot& slot = *polled[i];
      if (fds[i].revents == 0) {
        if (cancelled) {
          fail(slot, Status::Cancelled("canceling statement due to user request"));
        } else if (timeout_ms > 0 && now >= slot.deadline) {
          fail(slot, Status::Error(ErrorCode::kQueryCanceled,
                                   fmt::format("python worker timed out after {} ms while "
                                               "running {}",
                                               timeout_ms, what)));
        }
        continue;
      }
      auto msg = ReceiveWorkerMessage(slot.worker->fd);
      if (!msg.ok()) {
        std::string how = DescribeExit(slot.worker->pid);
        slot.worker->reaped = true;
        fail(slot, Status::Error(ErrorCode::kPythonError,
                                 fmt::format("python worker {} while running {}", how, what)));
        continue;
      }
      if (std::string sql; IsWorkerQuery(msg->body, &sql)) {
        if (msg->fd >= 0) close(msg->fd);
        // copra.query().sql() in the worker: run it here, answer, and
        // let the call go on. The time it takes is not the worker's.
        const Clock::time_point started = Clock::now();
        ++t_query_depth;
        Result<ServerQueryAnswer> answer = RunServerQuery(query_context, sql);
        --t_query_depth;
        slot.deadline += Clock::now() - started;
        auto encoded = EncodeQueryAnswer(answer);
        Status sent = encoded.ok()
                          ? SendWorkerMessage(slot.worker->fd, encoded->body,
                                              encoded->segment ? encoded->segment->fd() : -1)
                          : encoded.status();
        if (!sent.ok()) {
          std::string how = DescribeExit(slot.worker->pid);
          slot.worker->reaped = true;
          fail(slot, Status::Error(ErrorCode::kPythonError,
                                   fmt::format("python worker {} while running {}", how, what)));
        }
        continue;
      }
      const Sent answered = slot.queue.front();
      auto reply =
          DecodeWorkerReply(msg->body, msg->fd, &slot.worker->reply_segments[answered.segment]);
      if (!reply.ok()) {
        fail(slot, reply.status());
        continue;
      }
      WorkerMetrics::Get().Count(reply->stats);
      if (reply->request_segment_retained) {
        // Its old segment lives on in the worker; write the next one anew.
        slot.worker->request_segments[answered.segment].memory.reset();
      }
      if (reply->memory_exceeded) {
        const std::string& m = reply->status.message();
        const int64_t limit = slot.worker->memory_limit_mb;
        std::string first = limit > 0 ? fmt::format(
                                            "python worker exceeded its memory limit of "
                                            "{} MB while running {}",
                                            limit, what)
                                      : fmt::format(
                                            "python worker ran out of memory while "
                                            "running {}",
                                            what);
        // Python's own words, when MemoryError says more than its name.
        std::string detail = m.substr(0, m.find('\n'));
        while (!detail.empty() && (detail.back() == ' ' || detail.back() == ':')) {
          detail.pop_back();
        }
        const bool bare = detail.size() >= 11 && detail.ends_with("MemoryError");
        fail(slot, Status::Error(ErrorCode::kOutOfMemory,
                                 bare ? first : fmt::format("{} ({})", first, detail)));
        continue;
      }
      const size_t index = answered.index;
      slot.queue.pop_front();
      // The worker goes on with the next queued request now.
      slot.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
      if (!reply->status.ok()) {
        // Requests still queued on this worker run and are drained.
        if (failure.ok()) failure = reply->status;
      } else {
        results[index] = std::move(reply->columns);
      }
      if (!cancelled) feed(slot, kPipelineDepth);
      release_if_done(slot);
    }
  }
  for (Slot& slot : slots) {
    if (slot.worker != nullptr) Release(std::move(slot.worker), /*healthy=*/true);
  }
  // Cancelled even if the code saw the cancel as an error and failed with
  // it (a query().sql() cancelled under it raises copra.QueryError).
  if (cancel != nullptr && cancel->load()) {
    return Status::Cancelled("canceling statement due to user request");
  }
  if (!failure.ok()) return failure;
  return results;
}

}  // namespace copra
