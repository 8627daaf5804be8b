// StatementWatchdog cancels a session's running statement once its deadline
// has passed, and only then.
#include "server/statement_watchdog.h"

#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/session.h"

namespace copra {
namespace {

class StatementWatchdogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.data_dir = "";  // in memory
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }

  // Runs a query that would take hours and returns how it ended.
  Status RunEndlessQuery() {
    Status st = session_->ExecuteScript("SELECT 1; SELECT count(*) FROM numbers(1000000000000)",
                                        [](QueryResult& r) -> Status {
                                          while (true) {
                                            COPRA_ASSIGN_OR_RETURN(BatchPtr batch, r.Next());
                                            if (batch == nullptr) return Status::OK();
                                          }
                                        });
    return st;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

TEST_F(StatementWatchdogTest, CancelsAfterTheDeadline) {
  StatementWatchdog watchdog;
  std::unique_ptr<StatementWatchdog::Watch> watch = watchdog.Start(session_.get(), 100);
  EXPECT_EQ(watchdog.watched(), 1);
  Status st = watch->Explain(RunEndlessQuery());
  EXPECT_TRUE(watch->timed_out());
  EXPECT_EQ(st.code(), ErrorCode::kQueryCanceled);
  EXPECT_EQ(st.message(), "canceling statement due to statement timeout");
  watch.reset();
  EXPECT_EQ(watchdog.watched(), 0);
  // The session is usable afterwards.
  auto r = session_->Execute("SELECT 1");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST_F(StatementWatchdogTest, NoLimitAndFastStatementsAreLeftAlone) {
  StatementWatchdog watchdog;
  std::unique_ptr<StatementWatchdog::Watch> none = watchdog.Start(session_.get(), 0);
  EXPECT_EQ(watchdog.watched(), 0);
  std::unique_ptr<StatementWatchdog::Watch> watch = watchdog.Start(session_.get(), 3600 * 1000);
  auto r = session_->Execute("SELECT 1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(watch->timed_out());
  // Another cancellation is not described as a timeout.
  Status other =
      Status::Error(ErrorCode::kQueryCanceled, "canceling statement due to user request");
  EXPECT_EQ(watch->Explain(other).message(), other.message());
}

}  // namespace
}  // namespace copra
