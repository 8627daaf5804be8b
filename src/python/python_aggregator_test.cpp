// Python aggregate UDFs on the "process" backend against the in-process
// one, and copra.query().sql() answered by the server for a worker.
#include "python/python_aggregator.h"

#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/session.h"
#include "python/worker_pool.h"

namespace copra {
namespace {

std::string Rows(Session& s, const std::string& sql) {
  auto r = s.Execute(sql);
  if (!r.ok()) return r.status().ToString();
  auto batches = (*r)->FetchAll();
  if (!batches.ok()) return batches.status().ToString();
  std::string out;
  for (const BatchPtr& b : *batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) {
      for (size_t c = 0; c < b->num_columns(); ++c) {
        Value v = b->column(c)->GetValue(i);
        out += (c > 0 ? "|" : "") + (v.is_null() ? std::string("NULL") : v.ToString());
      }
      out += "\n";
    }
  }
  return out;
}

Status Exec(Session& s, const std::string& sql) {
  auto r = s.Execute(sql);
  if (!r.ok()) return r.status();
  return (*r)->FetchAll().status();
}

std::string Collect(const std::string& name, const std::string& backend, bool merge = false) {
  // process() sees each group's values of each batch: record them all
  // (strings arrive as bytes).
  // merge() appends the other's records (shares are merged in order).
  const std::string merge_method =
      merge ? "    def merge(self, other):\n        self.calls += other.calls\n" : "";
  return "CREATE AGGREGATE FUNCTION " + name +
         "(x bigint, s string) RETURNS string LANGUAGE PYTHON AS $$\n"
         "class " +
         name +
         ":\n"
         "    def __init__(self):\n"
         "        self.calls = []\n"
         "    def process(self, x, s):\n"
         "        self.calls.append(','.join('%s%s' % (a, b.decode()) for a, b in zip(x, s)))\n"
         "    def finalize(self):\n"
         "        return ';'.join(self.calls)\n" +
         merge_method + "$$ SETTINGS backend = '" + backend + "'";
}

class PythonAggregatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PythonWorkerPool::Global().Shutdown();
    PythonWorkerPool::Global().Configure(PythonWorkerOptions{});
    DatabaseOptions options;
    options.data_dir = "";  // in memory
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    session_ = db_->Connect();
  }
  void TearDown() override { PythonWorkerPool::Global().Shutdown(); }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

TEST_F(PythonAggregatorTest, SameCallsAsInProcessAcrossManyBatchesAndFlushes) {
  ASSERT_TRUE(Exec(*session_, Collect("p_collect", "process")).ok());
  ASSERT_TRUE(Exec(*session_, Collect("c_collect", "cpython")).ok());
  // 3 rows a batch, 700 rows: 234 batches, several worker calls with the
  // states pickled between them.
  ASSERT_TRUE(Exec(*session_, "SET batch_size = 3").ok());
  const std::string q =
      "SELECT number % 4 AS k, {f}(number, CAST(number % 3 AS STRING)) FROM numbers(700) "
      "GROUP BY k ORDER BY k";
  auto with = [&](const std::string& f) {
    std::string s = q;
    s.replace(s.find("{f}"), 3, f);
    return Rows(*session_, s);
  };
  std::string in_process = with("c_collect");
  EXPECT_EQ(in_process.find("ERROR"), std::string::npos) << in_process;
  EXPECT_NE(in_process.find(";"), std::string::npos);
  EXPECT_EQ(with("p_collect"), in_process);
  // Ungrouped, and no rows at all.
  EXPECT_EQ(Rows(*session_, "SELECT p_collect(number, 'a') FROM numbers(5)"),
            Rows(*session_, "SELECT c_collect(number, 'a') FROM numbers(5)"));
  EXPECT_EQ(Rows(*session_, "SELECT p_collect(number, 'a') FROM numbers(0)"), "\n");
  EXPECT_EQ(
      Rows(*session_, "SELECT number, p_collect(number, 'a') FROM numbers(0) GROUP BY number"), "");
}

// With merge(), shares of the batches run on both workers and are merged
// in batch order: process() sees exactly what it sees in-process, so a
// merge that concatenates gives the in-process answer, across flushes too.
TEST_F(PythonAggregatorTest, SharesOnWorkersMergeInBatchOrder) {
  PythonWorkerOptions two;
  two.workers = 2;
  PythonWorkerPool::Global().Configure(two);
  ASSERT_TRUE(Exec(*session_, Collect("m_collect", "process", /*merge=*/true)).ok());
  ASSERT_TRUE(Exec(*session_, Collect("c_collect", "cpython")).ok());
  ASSERT_TRUE(Exec(*session_, "SET batch_size = 3").ok());
  for (const char* n : {"7", "700"}) {
    const std::string q = std::string(
                              "SELECT number % 4 AS k, {f}(number, CAST(number % 3 AS "
                              "STRING)) FROM numbers(") +
                          n + ") GROUP BY k ORDER BY k";
    auto with = [&](const std::string& f) {
      std::string s = q;
      s.replace(s.find("{f}"), 3, f);
      return Rows(*session_, s);
    };
    std::string in_process = with("c_collect");
    EXPECT_EQ(in_process.find("ERROR"), std::string::npos) << in_process;
    EXPECT_EQ(with("m_collect"), in_process) << n;
  }
  EXPECT_EQ(Rows(*session_, "SELECT m_collect(number, 'a') FROM numbers(0)"), "\n");
}

TEST_F(PythonAggregatorTest, AWorkerCrashFailsOnlyItsStatement) {
  ASSERT_TRUE(
      Exec(*session_,
           "CREATE AGGREGATE FUNCTION p_crash(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$\n"
           "class p_crash:\n"
           "    def process(self, x):\n"
           "        import os\n"
           "        os._exit(7)\n"
           "    def finalize(self):\n"
           "        return 1\n"
           "$$ SETTINGS backend = 'process'")
          .ok());
  Status st = Exec(*session_, "SELECT p_crash(number) FROM numbers(10)");
  EXPECT_NE(st.message().find("python worker exited with status 7 while running aggregate "
                              "function 'p_crash'"),
            std::string::npos)
      << st.ToString();
  ASSERT_TRUE(Exec(*session_, Collect("p_collect", "process")).ok());
  EXPECT_EQ(Rows(*session_, "SELECT p_collect(number, '') FROM numbers(3)"), "0,1,2\n");
}

// process() gets STRING arguments as bytes (NULL as None) on both
// backends; finalize() may return bytes (UTF-8) or str for a STRING result.
TEST_F(PythonAggregatorTest, ProcessGetsStringsAsBytes) {
  for (const char* backend : {"cpython", "process"}) {
    const std::string name = std::string("reprs_") + backend;
    ASSERT_TRUE(Exec(*session_, "CREATE AGGREGATE FUNCTION " + name +
                                    "(s string) RETURNS string LANGUAGE PYTHON AS $$\n"
                                    "class " +
                                    name +
                                    ":\n"
                                    "    def __init__(self):\n"
                                    "        self.seen = []\n"
                                    "    def process(self, s):\n"
                                    "        self.seen += [repr(v) for v in s]\n"
                                    "    def finalize(self):\n"
                                    "        return ' '.join(self.seen).encode()\n"
                                    "$$ SETTINGS backend = '" +
                                    backend + "'")
                    .ok());
    EXPECT_EQ(Rows(*session_, "SELECT " + name +
                                  "(CASE WHEN number = 1 THEN NULL WHEN number = 2 THEN "
                                  "'\xc3\xa9' ELSE 'x' END) FROM numbers(3)"),
              "b'x' None b'\\xc3\\xa9'\n")
        << backend;
  }
}

TEST_F(PythonAggregatorTest, QueryFromAWorkerRunsInTheScriptsDatabase) {
  ASSERT_TRUE(Exec(*session_, "CREATE DATABASE d2").ok());
  ASSERT_TRUE(Exec(*session_, "CREATE TABLE d2.t (ts TIMESTAMP TIME INDEX, v BIGINT)").ok());
  ASSERT_TRUE(Exec(*session_, "INSERT INTO d2.t VALUES (1, 5), (2, 6)").ok());
  ASSERT_TRUE(Exec(*session_, "USE d2").ok());
  ASSERT_TRUE(Exec(*session_,
                   "CREATE SCRIPT q AS $$\n"
                   "@copr(returns=['n', 'total', 'names'], backend='process')\n"
                   "def q():\n"
                   "    from copra import query\n"
                   "    r = query().sql('select count(*) as n, sum(v) as total from t')\n"
                   "    return r['n'], r['total'], ','.join(r.names)\n"
                   "$$")
                  .ok());
  EXPECT_EQ(Rows(*session_, "SELECT * FROM run_script('q')"), "2|11|n,total\n");
}

}  // namespace
}  // namespace copra
