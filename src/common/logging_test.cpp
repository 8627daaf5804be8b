#include "common/logging.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

TEST(LoggingTest, ParseLogLevel) {
  EXPECT_EQ(*ParseLogLevel("debug"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("INFO"), LogLevel::kInfo);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarn);
  EXPECT_EQ(*ParseLogLevel("error"), LogLevel::kError);
  auto bad = ParseLogLevel("loud");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "unknown log level \"loud\" (expected debug, info, warn or error)");
}

TEST(LoggingTest, LevelFilters) {
  LogLevel saved = GetLogLevel();
  SetLogLevel(LogLevel::kWarn);
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kWarn));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  int evaluated = 0;
  COPRA_LOG(kDebug, (++evaluated, std::string("not shown")));
  EXPECT_EQ(evaluated, 0);  // the message is not built when the level is off
  SetLogLevel(saved);
}

}  // namespace
}  // namespace copra
