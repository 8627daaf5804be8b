// Python through the engine: persistence across restarts, cancellation of
// running Python (KeyboardInterrupt), many sessions calling Python at once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/database.h"
#include "engine/session.h"
#include "python/script_registry.h"

namespace copra {
namespace {

std::string TempDir(const std::string& tag) {
  std::string dir = std::filesystem::temp_directory_path().string() + "/copra-python-" + tag + "-" +
                    std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  return dir;
}

// The single column of a one-column result as "a,b,c", or "ERROR: ...".
std::string Column0(Session& s, const std::string& sql) {
  auto r = s.Execute(sql);
  if (!r.ok()) return r.status().ToString();
  auto batches = (*r)->FetchAll();
  if (!batches.ok()) return batches.status().ToString();
  std::string out;
  for (const BatchPtr& b : *batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) {
      if (!out.empty()) out += ",";
      Value v = b->column(0)->GetValue(i);
      out += v.is_null() ? "NULL" : v.ToString();
    }
  }
  return out;
}

Status RunSql(Session& s, const std::string& sql) {
  auto r = s.Execute(sql);
  if (!r.ok()) return r.status();
  return (*r)->FetchAll().status();
}

TEST(PythonEngineTest, ScriptsAndFunctionsSurviveARestart) {
  std::string dir = TempDir("restart");
  {
    auto db = Database::Open(DatabaseOptions{dir});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto s = (*db)->Connect();
    ASSERT_TRUE(RunSql(*s,
                       "CREATE SCRIPT ten AS $$\n@copr(args=['number'], sql='select number "
                       "from numbers limit 10', returns=['v'])\ndef ten(n) -> vector[i64]:\n"
                       "    return n * 10\n$$")
                    .ok());
    ASSERT_TRUE(RunSql(*s,
                       "CREATE FUNCTION twice(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$\n"
                       "def twice(x):\n    return [v * 2 for v in x]\n$$")
                    .ok());
    ASSERT_TRUE(
        RunSql(*s,
               "CREATE AGGREGATE FUNCTION py_count(x bigint) RETURNS bigint LANGUAGE "
               "PYTHON AS $$\nclass py_count:\n    def __init__(self):\n        self.n = 0\n"
               "    def process(self, x):\n        self.n += len(x)\n"
               "    def finalize(self):\n        return self.n\n$$")
            .ok());
    ASSERT_TRUE(RunSql(*s, "CREATE DATABASE other").ok());
    ASSERT_TRUE(RunSql(*s,
                       "CREATE SCRIPT other.gone AS $$\n@copr(returns=['a'])\ndef gone():\n"
                       "    return 1\n$$")
                    .ok());
    ASSERT_TRUE(RunSql(*s, "DROP SCRIPT other.gone").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir + "/scripts/public/ten.py"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/scripts/other/gone.py"));
  // A stored script that no longer compiles must not stop startup.
  {
    std::ofstream bad(dir + "/scripts/public/broken.py");
    bad << "@copr(returns=['a'])\ndef broken(:\n";
  }
  {
    auto db = Database::Open(DatabaseOptions{dir});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto s = (*db)->Connect();
    EXPECT_EQ(Column0(*s, "SELECT sum(v) FROM run_script('ten')"), "450");
    EXPECT_EQ(Column0(*s, "SELECT twice(21)"), "42");
    EXPECT_EQ(Column0(*s, "SELECT py_count(number) FROM numbers(7)"), "7");
    std::string broken = Column0(*s, "SELECT * FROM run_script('broken')");
    EXPECT_NE(broken.find("stored script \"broken\" does not compile"), std::string::npos)
        << broken;
    EXPECT_NE(broken.find("SyntaxError"), std::string::npos) << broken;
  }
  std::filesystem::remove_all(dir);
}

TEST(PythonEngineTest, NothingIsPersistedWithoutADataDirectory) {
  std::string dir = TempDir("nodir");
  std::filesystem::create_directories(dir);
  std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  auto db = Database::Open(DatabaseOptions{""});
  ASSERT_TRUE(db.ok());
  auto s = (*db)->Connect();
  ASSERT_TRUE(RunSql(*s,
                     "CREATE SCRIPT a AS $$\n@copr(returns=['a'])\ndef a() -> vector[i64]:\n"
                     "    return 1\n$$")
                  .ok());
  EXPECT_EQ(Column0(*s, "SELECT * FROM run_script('a')"), "1");
  std::filesystem::current_path(cwd);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(PythonEngineTest, RunScriptApiPassesParameters) {
  auto db = Database::Open(DatabaseOptions{""});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)
                  ->scripts()
                  .Register("public", "add",
                            "@coprocessor(returns=['value'])\ndef add(**params) -> vector[i64]:\n"
                            "    return int(params['a']) + int(params['b'])\n")
                  .ok());
  auto s = (*db)->Connect();
  auto r = (*db)->scripts().RunScript(*s, "add", {{"a", "42"}, {"b", "99"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE((*r)->returns_rows());
  EXPECT_EQ((*r)->schema()->field(0).name, "value");
  auto batches = (*r)->FetchAll();
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ((*batches)[0]->column(0)->GetValue(0).GetInt64(), 141);
  // Register replaces.
  ASSERT_TRUE((*db)
                  ->scripts()
                  .Register("public", "add",
                            "@coprocessor(returns=['value'])\ndef add() -> vector[i64]:\n"
                            "    return 1\n")
                  .ok());
  EXPECT_EQ(Column0(*s, "SELECT * FROM run_script('add')"), "1");
}

// Runs `sql` on another thread, cancelling it until it returns; the result
// must be kQueryCanceled and the session must work afterwards.
void ExpectCancelled(Session& s, const std::string& sql) {
  std::atomic<bool> done{false};
  Status status;
  std::thread worker([&] {
    status = RunSql(s, sql);
    done = true;
  });
  while (!done) {
    s.Cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker.join();
  EXPECT_EQ(status.code(), ErrorCode::kQueryCanceled) << status.ToString();
  EXPECT_EQ(Column0(s, "SELECT 1"), "1");
}

TEST(PythonEngineTest, CancelInterruptsRunningPython) {
  auto db = Database::Open(DatabaseOptions{""});
  ASSERT_TRUE(db.ok());
  auto s = (*db)->Connect();
  ASSERT_TRUE(RunSql(*s,
                     "CREATE SCRIPT spin AS $$\n@copr(returns=['a'])\ndef spin() -> "
                     "vector[i64]:\n    n = 0\n    while True:\n        n += 1\n$$")
                  .ok());
  ASSERT_TRUE(RunSql(*s,
                     "CREATE FUNCTION spin_udf(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$\n"
                     "def spin_udf(x):\n    while True:\n        pass\n$$")
                  .ok());
  ASSERT_TRUE(RunSql(*s,
                     "CREATE AGGREGATE FUNCTION spin_agg(x bigint) RETURNS bigint LANGUAGE "
                     "PYTHON AS $$\nclass spin_agg:\n    def process(self, x):\n"
                     "        while True:\n            pass\n    def finalize(self):\n"
                     "        return 0\n$$")
                  .ok());
  ExpectCancelled(*s, "SELECT * FROM run_script('spin')");
  ExpectCancelled(*s, "SELECT spin_udf(number) FROM numbers(3)");
  ExpectCancelled(*s, "SELECT spin_agg(number) FROM numbers(3)");
  // A KeyboardInterrupt the user's code catches does not stop the cancel.
  ASSERT_TRUE(RunSql(*s,
                     "CREATE SCRIPT stubborn AS $$\n@copr(returns=['a'])\ndef stubborn() -> "
                     "vector[i64]:\n    try:\n        while True:\n            pass\n"
                     "    except KeyboardInterrupt:\n        return 1\n$$")
                  .ok());
  ExpectCancelled(*s, "SELECT * FROM run_script('stubborn')");
  // Python still works, in this session and others.
  EXPECT_EQ(Column0(*s, "SELECT twice FROM (SELECT 2 AS twice) t"), "2");
  auto other = (*db)->Connect();
  ASSERT_TRUE(RunSql(*other,
                     "CREATE SCRIPT fine AS $$\n@copr(returns=['a'])\ndef fine() -> "
                     "vector[i64]:\n    return 5\n$$")
                  .ok());
  EXPECT_EQ(Column0(*other, "SELECT * FROM run_script('fine')"), "5");
}

TEST(PythonEngineTest, ManySessionsCallPythonAtOnce) {
  auto db = Database::Open(DatabaseOptions{""});
  ASSERT_TRUE(db.ok());
  {
    auto s = (*db)->Connect();
    ASSERT_TRUE(RunSql(*s,
                       "CREATE FUNCTION plus1(x bigint) RETURNS bigint LANGUAGE PYTHON AS $$\n"
                       "def plus1(x):\n    return [v + 1 for v in x]\n$$")
                    .ok());
    ASSERT_TRUE(RunSql(*s,
                       "CREATE SCRIPT total AS $$\nfrom greptime import query\n"
                       "@copr(args=['number'], sql='select number from numbers limit 100', "
                       "returns=['s'])\ndef total(n) -> vector[i64]:\n"
                       "    return int(n.numpy().sum()) + len(query().sql('select 1')[0])\n$$")
                    .ok());
  }
  constexpr int kThreads = 8;
  constexpr int kRounds = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto s = (*db)->Connect();
      (void)s->SetSetting("batch_size", std::to_string(7 + t));
      for (int i = 0; i < kRounds; ++i) {
        if (Column0(*s, "SELECT sum(plus1(number)) FROM numbers(100)") != "5050") ++failures;
        if (Column0(*s, "SELECT sum(s) FROM run_script('total')") == "") ++failures;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace copra
