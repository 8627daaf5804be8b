// CsvBatchBuilder: typed columns straight from CSV fields, with CAST's
// values and CAST's error messages (file, line, column).
#include "storage/csv/csv_batch_builder.h"

#include <gtest/gtest.h>

#include "types/cast.h"

namespace copra::csv {
namespace {

std::vector<CsvField> Fields(std::vector<std::string> texts) {
  std::vector<CsvField> out;
  for (std::string& t : texts) {
    CsvField f;
    f.is_null = t == "<N>";
    f.text = f.is_null ? "" : std::move(t);
    out.push_back(std::move(f));
  }
  return out;
}

TEST(CsvBatchBuilderTest, TypedColumnsLikeCast) {
  std::vector<LogicalType> types = {
      LogicalType::Timestamp(), LogicalType::String(), LogicalType::Float64(), LogicalType::Int32(),
      LogicalType::Boolean(),   LogicalType::Int16(),  LogicalType::Date()};
  CsvBatchBuilder b("f.csv", types, {"ts", "s", "d", "i", "ok", "small", "day"});
  ASSERT_TRUE(
      b.Append(Fields({"2016-01-01 00:00:10", "host_1", "12.5", "7", "t", "3", "2016-01-02"}), 1)
          .ok());
  // Text the fast parsers leave to CAST (spaces, exponents, 'yes') and NULLs.
  ASSERT_TRUE(b.Append(Fields({"2016-01-01T00:00:20Z", "<N>", " 1e3 ", " -8 ", "yes", "<N>",
                               "2016-01-03 10:00:00"}),
                       2)
                  .ok());
  EXPECT_EQ(b.rows(), 2);
  std::vector<ColumnPtr> cols = b.Finish();
  ASSERT_EQ(cols.size(), types.size());
  for (size_t c = 0; c < types.size(); ++c) {
    EXPECT_EQ(cols[c]->type(), types[c]);
    ASSERT_EQ(cols[c]->length(), 2);
  }
  const std::vector<std::vector<std::string>> texts = {
      {"2016-01-01 00:00:10", "host_1", "12.5", "7", "t", "3", "2016-01-02"},
      {"2016-01-01T00:00:20Z", "", " 1e3 ", " -8 ", "yes", "", "2016-01-03 10:00:00"}};
  for (size_t r = 0; r < 2; ++r) {
    for (size_t c = 0; c < types.size(); ++c) {
      Value got = cols[c]->GetValue(static_cast<int64_t>(r));
      if ((r == 1 && (c == 1 || c == 5))) {
        EXPECT_TRUE(got.is_null());
        continue;
      }
      Result<Value> want = CastValue(Value::String(texts[r][c]), types[c]);
      ASSERT_TRUE(want.ok());
      EXPECT_EQ(got.ToString(), want->ToString()) << "row " << r << " column " << c;
    }
  }
  EXPECT_EQ(b.rows(), 0);
}

TEST(CsvBatchBuilderTest, BadValueNamesFileLineAndColumnAndKeepsNothingOfTheRecord) {
  CsvBatchBuilder b("/data/m.csv",
                    {LogicalType::String(), LogicalType::Float64(), LogicalType::Int16()},
                    {"host", "v", "n"});
  ASSERT_TRUE(b.Append(Fields({"a", "1", "1"}), 1).ok());
  Status bad = b.Append(Fields({"b", "oops", "2"}), 2);
  ASSERT_FALSE(bad.ok());
  Result<Value> cast = CastValue(Value::String("oops"), LogicalType::Float64());
  EXPECT_EQ(bad.code(), cast.status().code());
  EXPECT_EQ(bad.message(), "\"/data/m.csv\" line 2, column \"v\": " + cast.status().message());
  Status range = b.Append(Fields({"c", "3", "70000"}), 3);
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.message().find("line 3, column \"n\""), std::string::npos);
  ASSERT_TRUE(b.Append(Fields({"d", "4", "4"}), 4).ok());
  std::vector<ColumnPtr> cols = b.Finish();
  ASSERT_EQ(cols[0]->length(), 2);
  EXPECT_EQ(cols[0]->GetString(1), "d");
  EXPECT_EQ(cols[1]->length(), 2);
  EXPECT_EQ(cols[2]->length(), 2);
}

// The plain "YYYY-MM-DD HH:MM:SS" fast path agrees with CAST, at every
// unit, on valid, invalid and out-of-range text.
TEST(CsvBatchBuilderTest, TimestampsLikeCast) {
  const std::vector<std::string> texts = {
      "2016-01-01 00:00:00", "2016-02-29 23:59:59", "2015-02-29 00:00:00", "2016-13-01 00:00:00",
      "0001-01-01 00:00:00", "1969-12-31T23:59:59", "2300-01-01 00:00:00", "9999-12-31 23:59:59",
      "2016-01-01 24:00:00", "2016-01-01 00:00:60", "2016-01-0a 00:00:00", "0000-01-01 00:00:00"};
  for (TimeUnit unit :
       {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond, TimeUnit::kNanosecond}) {
    const LogicalType type = LogicalType::Timestamp(unit);
    for (const std::string& text : texts) {
      CsvBatchBuilder b("t.csv", {type}, {"ts"});
      Status st = b.Append(Fields({text}), 1);
      Result<Value> want = CastValue(Value::String(text), type);
      ASSERT_EQ(st.ok(), want.ok()) << text << " " << type.ToString();
      if (!st.ok()) {
        EXPECT_EQ(st.message(), "\"t.csv\" line 1, column \"ts\": " + want.status().message());
        continue;
      }
      EXPECT_EQ(b.Finish()[0]->GetValue(0).ToString(), want->ToString()) << text;
    }
  }
}

}  // namespace
}  // namespace copra::csv
