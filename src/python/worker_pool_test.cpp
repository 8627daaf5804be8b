// The "process" Python backend: workers give the results of the in-process
// backend, and a worker that crashes, runs out of memory or time, or is
// cancelled fails only its call.
#include "python/worker_pool.h"

#include <gtest/gtest.h>

#include <thread>

#include "python/coprocessor.h"
#include "vector/column_builder.h"

namespace copra {
namespace {

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { Configure(PythonWorkerOptions{}); }
  void TearDown() override { Configure(PythonWorkerOptions{}); }

  static void Configure(const PythonWorkerOptions& options) {
    PythonWorkerPool::Global().Shutdown();
    PythonWorkerPool::Global().Configure(options);
  }

  static std::shared_ptr<const Coprocessor> Compile(const std::string& name,
                                                    const std::string& body,
                                                    const std::string& backend,
                                                    const std::string& returns = "[\"y\"]") {
    std::string source =
        "@coprocessor(args=[\"x\"], returns=" + returns + ", backend=\"" + backend + "\")\n" + body;
    auto c = Coprocessor::Compile(name, source);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : nullptr;
  }

  static ColumnPtr Input(int64_t n) {
    ColumnBuilder b(LogicalType::Float64());
    for (int64_t i = 0; i < n; ++i) {
      if (i % 7 == 3) {
        b.AppendNull();
      } else {
        b.Append(static_cast<double>(i) * 0.5);
      }
    }
    return b.Finish();
  }

  static Result<std::vector<ColumnPtr>> Call(const Coprocessor& c, const ColumnPtr& input,
                                             const std::atomic<bool>* cancel = nullptr) {
    CoprocessorContext ctx;
    ctx.cancel = cancel;
    return c.Call({input}, input->length(), {}, ctx);
  }
};

TEST_F(WorkerPoolTest, ResultsEqualTheInProcessBackend) {
  const std::string body = R"(def f(x) -> (vector[f64 | None], vector[str | None], vector[i64]):
    import numpy as np
    s = [None if v is None else "v%d" % int(v) for v in x]
    return x * 2 + 1, s, np.arange(len(x))
)";
  const std::string returns = "[\"a\", \"b\", \"c\"]";
  auto local = Compile("same", body, "cpython", returns);
  auto remote = Compile("same", body, "process", returns);
  ASSERT_TRUE(local && remote);
  ColumnPtr in = Input(5000);
  auto a = Call(*local, in);
  auto b = Call(*remote, in);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(a->size(), 3u);
  ASSERT_EQ(b->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*a)[i]->type(), (*b)[i]->type());
    EXPECT_TRUE((*a)[i]->Equals(*(*b)[i])) << i;
  }
  EXPECT_TRUE((*b)[0]->IsNull(3));
}

TEST_F(WorkerPoolTest, PythonErrorsKeepTheirTraceback) {
  auto c = Compile("boom", "def f(x):\n    return 1 / 0\n", "process");
  auto r = Call(*c, Input(3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kPythonError);
  EXPECT_NE(r.status().message().find("ZeroDivisionError: division by zero"), std::string::npos);
  EXPECT_NE(r.status().message().find("File \"boom.py\", line 3"), std::string::npos)
      << r.status().message();
}

TEST_F(WorkerPoolTest, ACrashingWorkerFailsOnlyItsCall) {
  auto segv = Compile("segv", "def f(x):\n    import ctypes\n    ctypes.string_at(0)\n", "process");
  auto exits = Compile("bye", "def f(x):\n    import os\n    os._exit(3)\n", "process");
  auto ok = Compile("ok", "def f(x):\n    return x\n", "process");
  auto r = Call(*segv, Input(3));
  ASSERT_FALSE(r.ok());
#if defined(__SANITIZE_ADDRESS__)
  // ASan's own SIGSEGV handler turns the worker's crash into exit status 1.
  EXPECT_EQ(r.status().message(),
            "python worker exited with status 1 while running coprocessor 'segv'");
#else
  EXPECT_EQ(r.status().message(),
            "python worker crashed (signal 11 SIGSEGV) while running coprocessor 'segv'");
#endif
  r = Call(*exits, Input(3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "python worker exited with status 3 while running coprocessor 'bye'");
  r = Call(*ok, Input(3));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE((*r)[0]->Equals(*Input(3)));
}

TEST_F(WorkerPoolTest, MemoryLimit) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
  PythonWorkerOptions opts;
  opts.memory_limit_mb = 512;
  Configure(opts);
  auto hog = Compile("hog", "def f(x):\n    b = bytearray(2 << 30)\n    return x\n", "process");
  auto r = Call(*hog, Input(3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kOutOfMemory);
  EXPECT_NE(r.status().message().find(
                "python worker exceeded its memory limit of 512 MB while running coprocessor "
                "'hog'"),
            std::string::npos)
      << r.status().message();
  auto ok = Compile("ok", "def f(x):\n    return x\n", "process");
  EXPECT_TRUE(Call(*ok, Input(3)).ok());
}

TEST_F(WorkerPoolTest, TimeLimitKillsTheWorker) {
  PythonWorkerOptions opts;
  opts.timeout_ms = 300;
  Configure(opts);
  auto loop = Compile("spin", "def f(x):\n    while True:\n        pass\n", "process");
  auto r = Call(*loop, Input(3));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kQueryCanceled);
  EXPECT_EQ(r.status().message(),
            "python worker timed out after 300 ms while running coprocessor 'spin'");
  auto ok = Compile("ok", "def f(x):\n    return x\n", "process");
  EXPECT_TRUE(Call(*ok, Input(3)).ok());
}

TEST_F(WorkerPoolTest, CancelKillsTheWorker) {
  auto loop = Compile("spin", "def f(x):\n    while True:\n        pass\n", "process");
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel.store(true);
  });
  auto r = Call(*loop, Input(3), &cancel);
  canceller.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kQueryCanceled);
  auto ok = Compile("ok", "def f(x):\n    return x\n", "process");
  EXPECT_TRUE(Call(*ok, Input(3)).ok());
}

// Two calls at once run on two different worker processes.
TEST_F(WorkerPoolTest, ConcurrentCallsUseSeparateWorkers) {
  PythonWorkerOptions opts;
  opts.workers = 2;
  Configure(opts);
  auto pid = Compile("pid", R"(def f(x) -> vector[i64]:
    import os, time
    time.sleep(0.3)
    return [os.getpid()] * len(x)
)",
                     "process");
  std::vector<int64_t> pids(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      auto r = Call(*pid, Input(2));
      if (r.ok()) pids[static_cast<size_t>(t)] = (*r)[0]->data<int64_t>()[0];
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_NE(pids[0], 0);
  EXPECT_NE(pids[1], 0);
  EXPECT_NE(pids[0], pids[1]);
  EXPECT_EQ(PythonWorkerPool::Global().WorkerPids().size(), 2u);
}

TEST_F(WorkerPoolTest, QuerySqlWithoutADatabaseIsAQueryErrorInTheWorker) {
  // Called without a database (as a UDF would be): the server answers the
  // worker's request with an error, which the script may catch.
  auto c = Compile("q",
                   "def f(x):\n    import copra\n    try:\n"
                   "        copra.query().sql('select 1')\n"
                   "    except copra.QueryError as e:\n        return [str(e)] * len(x)\n",
                   "process");
  auto r = Call(*c, Input(1));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0]->GetValue(0).ToString(),
            "query().sql() is only available while a script runs in a database");
}

TEST_F(WorkerPoolTest, QueuedRequestsArriveWhileAWorkerWaitsForItsQuery) {
  // Two batches on one worker: the second is queued behind the first while
  // the first waits for the answer to its query.
  Configure(PythonWorkerOptions{1});
  auto c = Compile("q2",
                   "def f(x) -> vector[f64 | None]:\n    import copra\n    try:\n"
                   "        copra.query().sql('select 1')\n"
                   "    except copra.QueryError:\n        pass\n    return x * 2\n",
                   "process");
  std::vector<CoprocessorInput> batches;
  for (int i = 0; i < 5; ++i) batches.push_back(CoprocessorInput{{Input(10 + i)}, 10 + i});
  auto outs = c->CallBatches(batches, {}, CoprocessorContext{});
  ASSERT_TRUE(outs.ok()) << outs.status().ToString();
  ASSERT_EQ(outs->size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ((*outs)[i][0]->length(), 10 + i);
}

}  // namespace
}  // namespace copra
