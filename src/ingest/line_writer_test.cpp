#include "ingest/line_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/sql_test_fixture.h"

namespace copra {
namespace {

class LineWriterTest : public SqlTest {
 protected:
  LineWriteResult Write(std::string_view body, int64_t precision = 1) {
    LineProtocolResult parsed = ParseLineProtocol(body, precision, 0);
    EXPECT_TRUE(parsed.errors.empty()) << parsed.errors[0].message;
    LineProtocolWriter writer(session_.get());
    auto result = writer.Write(parsed);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : LineWriteResult{};
  }
};

TEST_F(LineWriterTest, CreatesTablesLikeGreptimeDB) {
  LineWriteResult r = Write(
      "monitor,host=127.0.0.1 cpu=0.1,memory=0.4 1667446797450\n"
      "monitor,host=127.0.0.2 cpu=0.2,memory=0.3,up=t,n=5i,note=\"x\" 1667446798450\n"
      "disk,host=a,dev=sda free=10u 1667446798450\n",
      1000000);
  EXPECT_EQ(r.rows_written, 3);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(Query("DESCRIBE monitor"),
            (Rows{"host|STRING|PRI|YES||TAG", "cpu|DOUBLE||YES||FIELD", "memory|DOUBLE||YES||FIELD",
                  "up|BOOLEAN||YES||FIELD", "n|BIGINT||YES||FIELD", "note|STRING||YES||FIELD",
                  "greptime_timestamp|TIMESTAMP(9)|TIME INDEX|NO||TIMESTAMP"}));
  EXPECT_EQ(Query("SELECT host, cpu, up, n, note, greptime_timestamp FROM monitor ORDER BY host"),
            (Rows{"127.0.0.1|0.1|NULL|NULL|NULL|2022-11-03 03:39:57.45",
                  "127.0.0.2|0.2|true|5|x|2022-11-03 03:39:58.45"}));
  EXPECT_EQ(Query("SELECT dev, free FROM disk"), (Rows{"sda|10"}));
}

TEST_F(LineWriterTest, ExistingTableTakesValuesByNameWithCasts) {
  Exec(
      "CREATE TABLE cpu (host STRING, ts TIMESTAMP(3) TIME INDEX, usage DOUBLE, cores INT, "
      "PRIMARY KEY (host))");
  // An integer into DOUBLE and a float into INT cast; nanoseconds become ms.
  LineWriteResult r = Write("cpu,host=a usage=5i,cores=4 1700000000123456789\n");
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(Query("SELECT host, ts, usage, cores FROM cpu"),
            (Rows{"a|2023-11-14 22:13:20.123|5|4"}));
}

TEST_F(LineWriterTest, BadLinesAreReportedOthersWritten) {
  Exec(
      "CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, usage DOUBLE NOT NULL, "
      "PRIMARY KEY (host))");
  LineWriteResult r = Write(
      "cpu,host=a usage=1 1000000\n"
      "cpu,host=b usage=\"high\" 2000000\n"
      "cpu,host=c other=1 3000000\n"
      "cpu,host=d,zone=z usage=2 4000000\n"
      "cpu,host=e usage=3 5000000\n");
  // "other" and "zone" become columns; line 3 lacks the NOT NULL usage.
  EXPECT_EQ(r.rows_written, 3);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_NE(r.errors[0].message.find("field \"usage\""), std::string::npos);
  EXPECT_EQ(r.errors[1].line, 3);
  EXPECT_NE(r.errors[1].message.find("NOT NULL"), std::string::npos);
  EXPECT_EQ(SortedQuery("SELECT host, zone, usage FROM cpu"),
            (Rows{"a|NULL|1", "d|z|2", "e|NULL|3"}));
}

TEST_F(LineWriterTest, NewTagsAndFieldsBecomeColumns) {
  LineWriteResult r = Write("m,host=a v=1 1000\n");
  EXPECT_EQ(r.rows_written, 1);
  r = Write(
      "m,host=a,dc=eu v=2,n=7i,ok=true,note=\"x\",u=3u 2000\n"
      "m,host=a v=3 3000\n");
  EXPECT_EQ(r.rows_written, 2);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].message;
  EXPECT_EQ(Query("DESCRIBE m"),
            (Rows{"host|STRING|PRI|YES||TAG", "v|DOUBLE||YES||FIELD",
                  "greptime_timestamp|TIMESTAMP(9)|TIME INDEX|NO||TIMESTAMP",
                  "dc|STRING|PRI|YES||TAG", "n|BIGINT||YES||FIELD", "ok|BOOLEAN||YES||FIELD",
                  "note|STRING||YES||FIELD", "u|BIGINT UNSIGNED||YES||FIELD"}));
  EXPECT_EQ(
      Query("SELECT host, dc, v, n, ok, note, u FROM m ORDER BY greptime_timestamp"),
      (Rows{"a|NULL|1|NULL|NULL|NULL|NULL", "a|eu|2|7|true|x|3", "a|NULL|3|NULL|NULL|NULL|NULL"}));
}

TEST_F(LineWriterTest, ConcurrentWritersAddingTheSameColumnAllSucceed) {
  Write("m,host=a v=1 1\n");
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto session = db_->Connect();
      for (int i = 0; i < kRounds; ++i) {
        std::string body = "m,host=h" + std::to_string(t) + " v=1,f" + std::to_string(i) + "=2 " +
                           std::to_string(1000 + i) + "\n";
        LineProtocolResult parsed = ParseLineProtocol(body, 1, 0);
        LineProtocolWriter writer(session.get());
        auto result = writer.Write(parsed);
        if (!result.ok() || !result->errors.empty() || result->rows_written != 1) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Query("SELECT count(*), count(f9) FROM m"), (Rows{"41|4"}));
}

// Points may list their keys in any order; a bad value late in a point
// leaves none of that point's values behind.
TEST_F(LineWriterTest, KeyOrderMayVaryAndBadPointsLeaveNothing) {
  LineWriteResult r = Write(
      "m,a=1,b=2 x=1,y=2i 1\n"
      "m,b=3,a=4 y=5i,x=6 2\n"
      "m,b=7 x=8 3\n");
  EXPECT_EQ(r.rows_written, 3);
  LineProtocolResult parsed = ParseLineProtocol(
      "m,a=9,b=9 x=9,y=\"nine\" 4\n"
      "m,a=10 x=10,x=11,y=12i 5\n",
      1, 0);
  LineProtocolWriter writer(session_.get());
  auto result = writer.Write(parsed);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows_written, 1);
  ASSERT_EQ(result->errors.size(), 1u);
  EXPECT_EQ(result->errors[0].line, 1);
  EXPECT_NE(result->errors[0].message.find("field \"y\""), std::string::npos);
  EXPECT_EQ(Query("SELECT a, b, x, y FROM m ORDER BY greptime_timestamp"),
            (Rows{"1|2|1|2", "4|3|6|5", "NULL|7|8|NULL", "10|NULL|11|12"}));
}

TEST_F(LineWriterTest, MissingDatabaseFailsTheRequest) {
  session_->set_current_database("nope");
  LineProtocolResult parsed = ParseLineProtocol("m v=1 1\n", 1, 0);
  LineProtocolWriter writer(session_.get());
  EXPECT_FALSE(writer.Write(parsed).ok());
}

}  // namespace
}  // namespace copra
