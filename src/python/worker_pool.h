// PythonWorkerPool: the worker processes of the "process" Python backend
// (`@coprocessor(..., backend="process")`, UDFs with
// `SETTINGS backend = 'process'`).
//
// Workers are the copra binary itself in its hidden worker mode
// (`copra python-worker --fd N`, python/python_worker.h), started with
// posix_spawn (never a bare fork of the multi-threaded server) and talked
// to over a Unix socket; column data travels in shared memory. Up to
// `workers` processes exist; they are started on demand and reused.
//
// Fault isolation: a worker that dies (segfault, os._exit), exceeds its
// memory limit (RLIMIT_AS) or its time limit (a deadline kept here; the
// worker is killed with SIGKILL), or whose statement is cancelled, fails
// only that call with a clear error and is replaced by a fresh process on
// the next call. The server keeps running.
//
// Process-wide (one pool, like the one embedded interpreter). Thread-safe:
// calls from several sessions run on different workers at once; a call
// blocks (interruptibly) while all workers are busy.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "python/python_worker.h"

namespace copra {

struct CoprocessorContext;

struct PythonWorkerOptions {
  int workers = 0;                 // 0: min(2, number of cores)
  int64_t memory_limit_mb = 2048;  // per worker address space; 0: no limit
  int64_t timeout_ms = 0;          // per call; 0: no limit (the statement's timeout still applies)
  std::string executable;          // the copra binary; "": found automatically
  // Directories (`:`-separated) added to sys.path, in the server and in
  // every worker (python.sys_path; like $COPRA_PYTHONPATH, before it).
  std::string sys_path;
};

class PythonWorkerPool {
 public:
  static PythonWorkerPool& Global();

  // Applies to workers started from now on (running ones keep their limits).
  // A new `sys_path` is also added to this process's sys.path.
  void Configure(const PythonWorkerOptions& options);
  PythonWorkerOptions options() const;
  // The configured number of workers (resolved when 0).
  int size() const;

  // Runs each request on a worker, several at once when workers are free
  // (at least one is always used; others join while requests are left, as
  // they become idle or can be started). Each worker gets up to two
  // requests at a time and goes back to the pool as soon as it has none
  // left, so calls from several threads (an OverlappedProjection's
  // batches) share the workers. Returns each request's result columns, in
  // order; the first failure otherwise. `what` names the code for errors, e.g. "coprocessor 'f'".
  // `cancel` (may be null) stops waiting and kills the worker when set.
  // `query_context` (may be null) is where copra.query().sql() of the
  // called code runs: the worker asks, this thread runs the SQL
  // (python/server_query.h) and answers; that time does not count against
  // the worker's time limit. SQL run so may call workers again (it may
  // start one worker over the limit rather than wait for its own caller).
  Result<std::vector<std::vector<ColumnPtr>>> Run(
      const std::vector<PythonWorkerRequest>& requests, const std::atomic<bool>* cancel,
      const std::string& what, const CoprocessorContext* query_context = nullptr);

  // Whether this thread runs SQL for a worker's copra.query().sql().
  static bool InWorkerQuery();

  // Kills every worker (server shutdown, tests). Workers busy in a call are
  // killed when that call ends.
  void Shutdown();
  // Process ids of the live workers (tests, diagnostics).
  std::vector<int> WorkerPids() const;

  struct Worker;

 private:
  PythonWorkerPool() = default;

  // A worker for one call: an idle one, a new one (below the size, when
  // `spawn`), or (when `wait`) the next one released. nullptr when !wait
  // and none free.
  Result<std::unique_ptr<Worker>> Acquire(bool wait, const std::atomic<bool>* cancel,
                                          bool spawn = true);
  void Release(std::unique_ptr<Worker> worker, bool healthy);
  Result<std::unique_ptr<Worker>> Spawn(const std::atomic<bool>* cancel);

  mutable std::mutex mu_;
  std::condition_variable released_;
  PythonWorkerOptions options_;                // GUARDED_BY(mu_)
  std::vector<std::unique_ptr<Worker>> idle_;  // GUARDED_BY(mu_)
  std::vector<int> busy_pids_;                 // GUARDED_BY(mu_)
  int live_ = 0;                               // GUARDED_BY(mu_): idle + busy + starting
  uint64_t generation_ = 0;                    // GUARDED_BY(mu_): bumped by Shutdown()
};

}  // namespace copra
