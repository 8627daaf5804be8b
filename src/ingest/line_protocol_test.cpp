#include "ingest/line_protocol.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

LineProtocolResult Parse(std::string_view body, int64_t precision = 1) {
  return ParseLineProtocol(body, precision, /*default_time_ns=*/777);
}

TEST(LineProtocolTest, PointWithTagsFieldsAndTimestamp) {
  auto r = Parse(
      "cpu,host=a,region=eu usage=0.5,count=3i,ok=t,name=\"x y\",big=18446744073709551615u "
      "1700000000000000000\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.points.size(), 1u);
  const LinePoint& p = r.points[0];
  EXPECT_EQ(p.measurement, "cpu");
  auto tags = r.tags(p);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[1].key, "region");
  EXPECT_EQ(tags[1].value, "eu");
  auto fields = r.fields(p);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0].type, LineFieldType::kFloat);
  EXPECT_DOUBLE_EQ(fields[0].float_value, 0.5);
  EXPECT_EQ(fields[1].type, LineFieldType::kInteger);
  EXPECT_EQ(fields[1].int_value, 3);
  EXPECT_EQ(fields[2].type, LineFieldType::kBoolean);
  EXPECT_TRUE(fields[2].bool_value);
  EXPECT_EQ(fields[3].string_value, "x y");
  EXPECT_EQ(fields[4].uint_value, UINT64_MAX);
  EXPECT_EQ(p.timestamp_ns, 1700000000000000000);
}

TEST(LineProtocolTest, PrecisionAndDefaultTime) {
  auto r = Parse("m v=1 1700000000\nm v=2\n", 1000000000);
  ASSERT_EQ(r.points.size(), 2u);
  EXPECT_EQ(r.points[0].timestamp_ns, 1700000000000000000);
  EXPECT_EQ(r.points[1].timestamp_ns, 777);
  EXPECT_EQ(*LinePrecisionNanos("ms"), 1000000);
  EXPECT_EQ(*LinePrecisionNanos(""), 1);
  EXPECT_FALSE(LinePrecisionNanos("days").ok());
  // Overflow after scaling is an error for that line only.
  auto o = Parse("m v=1 9223372036854775807\n", 1000);
  EXPECT_TRUE(o.points.empty());
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].message.find("out of range"), std::string::npos);
}

TEST(LineProtocolTest, Escapes) {
  auto r = Parse(R"(my\ table,ta\,g=va\=l\ ue fi\=eld="say \"hi\" \\ \n" 1)");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  const LinePoint& p = r.points[0];
  EXPECT_EQ(p.measurement, "my table");
  EXPECT_EQ(r.tags(p)[0].key, "ta,g");
  EXPECT_EQ(r.tags(p)[0].value, "va=l ue");
  EXPECT_EQ(r.fields(p)[0].key, "fi=eld");
  EXPECT_EQ(r.fields(p)[0].string_value, R"(say "hi" \ \n)");
}

TEST(LineProtocolTest, BlankLinesCommentsCrLfAndMultilineStrings) {
  auto r = Parse("# comment\n\n  \r\nm v=1 1\r\nm s=\"two\nlines\" 2\nm v=3 3");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.points.size(), 3u);
  EXPECT_EQ(r.points[0].line, 4);
  EXPECT_EQ(r.fields(r.points[1])[0].string_value, "two\nlines");
  EXPECT_EQ(r.points[2].line, 7);
  EXPECT_EQ(r.points[2].timestamp_ns, 3);
}

TEST(LineProtocolTest, BadLinesAreReportedAndGoodOnesKept) {
  auto r = Parse(
      "m v=1 1\n"
      "m\n"
      "m,host v=1\n"
      "m v=abc 3\n"
      "m v=1 12x\n"
      "m v=\"open\n"
      "m v=2 4\n");
  // The unterminated string swallows the rest of the body, as InfluxDB does.
  ASSERT_EQ(r.points.size(), 1u);
  EXPECT_EQ(r.points[0].timestamp_ns, 1);
  ASSERT_EQ(r.errors.size(), 5u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].message, "missing fields");
  EXPECT_EQ(r.errors[1].line, 3);
  EXPECT_NE(r.errors[1].message.find("tag \"host\" has no value"), std::string::npos);
  EXPECT_NE(r.errors[2].message.find("invalid float value \"abc\""), std::string::npos);
  EXPECT_NE(r.errors[3].message.find("invalid timestamp"), std::string::npos);
  EXPECT_EQ(r.errors[4].line, 6);
  EXPECT_NE(r.errors[4].message.find("unterminated string"), std::string::npos);

  auto ok_after = Parse("m v=1 1\nm v=1i2 2\nm v=2 3\n");
  EXPECT_EQ(ok_after.points.size(), 2u);
  ASSERT_EQ(ok_after.errors.size(), 1u);
  EXPECT_EQ(ok_after.errors[0].line, 2);
}

TEST(LineProtocolTest, NumbersAndBooleans) {
  auto r = Parse("m a=-1.5e3,b=+2,c=-9223372036854775808i,d=FALSE,e=True,f=7 1\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  auto f = r.fields(r.points[0]);
  EXPECT_DOUBLE_EQ(f[0].float_value, -1500);
  EXPECT_DOUBLE_EQ(f[1].float_value, 2);
  EXPECT_EQ(f[2].int_value, INT64_MIN);
  EXPECT_FALSE(f[3].bool_value);
  EXPECT_TRUE(f[4].bool_value);
  EXPECT_EQ(f[5].type, LineFieldType::kFloat);
  EXPECT_FALSE(Parse("m a=NaN 1").errors.empty());
  EXPECT_FALSE(Parse("m a=99999999999999999999i 1").errors.empty());
  EXPECT_FALSE(Parse("m a=-1u 1").errors.empty());
}

TEST(LineProtocolTest, RepeatedFieldKeepsLastValue) {
  auto r = Parse("m v=1,v=2 1\n");
  ASSERT_EQ(r.fields(r.points[0]).size(), 1u);
  EXPECT_DOUBLE_EQ(r.fields(r.points[0])[0].float_value, 2);
}

// Names and values are views into the body unless they held escapes; a
// failed line leaves no tags or fields behind for the next point.
TEST(LineProtocolTest, ViewsIntoTheBodyAndFailedLinesLeaveNothing) {
  std::string body =
      "cpu,host=a,dc=x\\ y v=1,s=\"plain\",e=\"es\\\"c\" 1\n"
      "cpu,host=b,dc=z v=oops 2\n"
      "cpu,host=c v=3 3\n";
  auto r = Parse(body);
  ASSERT_EQ(r.points.size(), 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
  const char* begin = body.data();
  const char* end = body.data() + body.size();
  auto inside = [&](std::string_view v) { return v.data() >= begin && v.data() < end; };
  const LinePoint& p0 = r.points[0];
  EXPECT_TRUE(inside(p0.measurement));
  EXPECT_TRUE(inside(r.tags(p0)[0].value));
  EXPECT_EQ(r.tags(p0)[1].value, "x y");
  EXPECT_FALSE(inside(r.tags(p0)[1].value));  // unescaped copy
  EXPECT_EQ(r.fields(p0)[1].string_value, "plain");
  EXPECT_TRUE(inside(r.fields(p0)[1].string_value));
  EXPECT_EQ(r.fields(p0)[2].string_value, "es\"c");
  const LinePoint& p1 = r.points[1];
  ASSERT_EQ(r.tags(p1).size(), 1u);
  EXPECT_EQ(r.tags(p1)[0].value, "c");
  EXPECT_EQ(r.tag_list.size(), 3u);  // the failed line's tags are gone
  EXPECT_EQ(r.field_list.size(), 4u);
  // Moving the result keeps the views valid.
  LineProtocolResult moved = std::move(r);
  EXPECT_EQ(moved.tags(moved.points[0])[1].value, "x y");
}

}  // namespace
}  // namespace copra

namespace copra {
namespace {

// The digit-loop fast paths (19-digit timestamps, plain decimals) give what
// from_chars gives, and hand everything else to it.
TEST(LineProtocolTest, TimestampAndFloatFastPathsAgreeWithFromChars) {
  auto r = ParseLineProtocol(
      "m v=31.84 9223372036854775807\n"
      "m v=-0.25 1451606400000000000\n"
      "m v=1e3 -5\n"
      "m v=.5 0\n"
      "m v=1 9223372036854775808\n"
      "m v=1 99999999999999999999\n"
      "m v=1 12x\n",
      1, 0);
  ASSERT_EQ(r.points.size(), 4u);
  EXPECT_EQ(r.points[0].timestamp_ns, 9223372036854775807);
  EXPECT_EQ(r.points[1].timestamp_ns, 1451606400000000000);
  EXPECT_EQ(r.points[2].timestamp_ns, -5);
  EXPECT_EQ(r.field_list[0].float_value, 31.84);
  EXPECT_EQ(r.field_list[1].float_value, -0.25);
  EXPECT_EQ(r.field_list[2].float_value, 1000.0);
  EXPECT_EQ(r.field_list[3].float_value, 0.5);
  ASSERT_EQ(r.errors.size(), 3u);
  for (const LineError& e : r.errors) {
    EXPECT_NE(e.message.find("invalid timestamp"), std::string::npos) << e.message;
  }
}

}  // namespace
}  // namespace copra

namespace copra {
namespace {

// Keys the repeated-key filter confuses (same size, same last and middle
// byte) stay separate; real repeats keep the last value.
TEST(LineProtocolTest, RepeatedKeyFilterIsExact) {
  auto r =
      ParseLineProtocol("m xab=1,yab=2,xab=3,usage_idle=4,usage_nice=5,usage_nice=6 1\n", 1, 0);
  ASSERT_EQ(r.points.size(), 1u);
  auto fields = r.fields(r.points[0]);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].key, "xab");
  EXPECT_EQ(fields[0].float_value, 3);
  EXPECT_EQ(fields[1].key, "yab");
  EXPECT_EQ(fields[2].key, "usage_idle");
  EXPECT_EQ(fields[3].key, "usage_nice");
  EXPECT_EQ(fields[3].float_value, 6);
}

}  // namespace
}  // namespace copra
