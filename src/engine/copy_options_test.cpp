// ParseCopyOptions: format from the extension or the option, CSV and
// Parquet options, positioned errors.
#include "engine/copy_options.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

SqlOption Opt(std::string key, std::string value, int column = 5) {
  return SqlOption{std::move(key), std::move(value), true, SourcePosition{1, column, column - 1}};
}

TEST(CopyOptionsTest, FormatFromExtension) {
  auto csv = ParseCopyOptions({}, "/tmp/a.CSV", {});
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->format, CopyFormat::kCsv);
  auto tsv = ParseCopyOptions({}, "data.tsv", {});
  ASSERT_TRUE(tsv.ok());
  EXPECT_EQ(tsv->csv.delimiter, '\t');
  auto pq = ParseCopyOptions({}, "x.parquet", {});
  ASSERT_TRUE(pq.ok());
  EXPECT_EQ(pq->format, CopyFormat::kParquet);
  auto unknown = ParseCopyOptions({}, "dir.v2/file", SourcePosition{1, 1, 0});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("cannot tell the format"), std::string::npos);
  auto forced = ParseCopyOptions({Opt("format", "parquet")}, "file.csv", {});
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->format, CopyFormat::kParquet);
}

TEST(CopyOptionsTest, CsvOptions) {
  auto o = ParseCopyOptions(
      {Opt("header", "on"), Opt("delimiter", "\\t"), Opt("null", "NA"), Opt("quote", "'")}, "a.csv",
      {});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_TRUE(o->csv.header);
  EXPECT_EQ(o->csv.delimiter, '\t');
  EXPECT_EQ(o->csv.null_string, "NA");
  EXPECT_EQ(o->csv.quote, '\'');
}

TEST(CopyOptionsTest, ParquetOptions) {
  auto o = ParseCopyOptions({Opt("compression", "SNAPPY"), Opt("row_group_size", "1000")},
                            "a.parquet", {});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->parquet.compression, parquet::Compression::kSnappy);
  EXPECT_EQ(o->parquet.row_group_rows, 1000);
}

TEST(CopyOptionsTest, ErrorsArePositioned) {
  struct Case {
    std::vector<SqlOption> options;
    std::string path;
    std::string message;
  };
  std::vector<Case> cases = {
      {{Opt("bogus", "1", 9)}, "a.csv", "unknown COPY option bogus"},
      {{Opt("header", "maybe", 9)}, "a.csv", "expects true or false"},
      {{Opt("delimiter", ";;", 9)}, "a.csv", "must be a single character"},
      {{Opt("compression", "zstd", 9)}, "a.csv", "applies to Parquet files only"},
      {{Opt("header", "true", 9)}, "a.parquet", "applies to CSV files only"},
      {{Opt("row_group_size", "0", 9)}, "a.parquet", "positive number of rows"},
      {{Opt("format", "json", 9)}, "a.csv", "must be 'csv' or 'parquet'"},
  };
  for (const Case& c : cases) {
    auto o = ParseCopyOptions(c.options, c.path, {});
    ASSERT_FALSE(o.ok()) << c.message;
    EXPECT_NE(o.status().message().find(c.message), std::string::npos) << o.status().message();
    EXPECT_EQ(o.status().position().column, 9) << c.message;
  }
}

}  // namespace
}  // namespace copra
