// CsvReader / CsvWriter: quoting, NULLs, line breaks, CRLF, errors with
// line numbers, and a write-then-read round trip.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "storage/csv/csv_reader.h"
#include "storage/csv/csv_writer.h"

namespace copra::csv {
namespace {

namespace fs = std::filesystem;

class CsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("copra_csv_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv"))
                .string();
  }
  void TearDown() override { fs::remove(path_); }
  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }
  // Records as "field|field" strings, NULL as <N>.
  Result<std::vector<std::string>> ReadAll(CsvOptions options = {}) {
    COPRA_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path_, options));
    std::vector<std::string> out;
    std::vector<CsvField> fields;
    int64_t line;
    while (true) {
      COPRA_ASSIGN_OR_RETURN(bool more, reader->Next(&fields, &line));
      if (!more) break;
      std::string rec = std::to_string(line) + ":";
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i) rec += "|";
        rec += fields[i].is_null ? "<N>" : fields[i].text;
      }
      out.push_back(rec);
    }
    return out;
  }
  std::string path_;
};

TEST_F(CsvTest, QuotingNullsAndLineBreaks) {
  Write("a,b,c\n1,,\"\"\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n4,5,6");
  auto rows = ReadAll();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<std::string> want = {"1:a|b|c", "2:1|<N>|", "3:x,y|say \"hi\"|two\nlines", "6:4|5|6"};
  EXPECT_EQ(*rows, want);
}

TEST_F(CsvTest, DelimiterAndNullString) {
  Write("a;NA;\"NA\"\n");
  CsvOptions o;
  o.delimiter = ';';
  o.null_string = "NA";
  auto rows = ReadAll(o);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, std::vector<std::string>{"1:a|<N>|NA"});
}

TEST_F(CsvTest, ErrorsNameTheLine) {
  Write("1,2\n3,\"open\n\n");
  auto rows = ReadAll();
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), ErrorCode::kInvalidText);
  EXPECT_NE(rows.status().message().find("line 2: unterminated quoted field"), std::string::npos)
      << rows.status().message();
  Write("1,\"a\"b\n");
  rows = ReadAll();
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("line 1: unexpected character after a closing quote"),
            std::string::npos);
}

TEST_F(CsvTest, WriterQuotesWhatNeedsIt) {
  CsvOptions o;
  o.header = true;
  auto w = CsvWriter::Create(path_, o);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->WriteHeader({"name", "note"}).ok());
  auto a = Column::FromValues(LogicalType::String(),
                              {Value::String("plain"), Value::String(""),
                               Value::Null(LogicalType::String()), Value::String("a,b")});
  auto b =
      Column::FromValues(LogicalType::String(), {Value::String("q\"uote"), Value::String(" pad "),
                                                 Value::String("x\ny"), Value::String("z")});
  ASSERT_TRUE((*w)->WriteRows({*a, *b}, 4).ok());
  ASSERT_TRUE((*w)->Close().ok());
  std::ifstream in(path_);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "name,note\nplain,\"q\"\"uote\"\n\"\",\" pad \"\n,\"x\ny\"\n\"a,b\",z\n");
  auto rows = ReadAll();
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> want = {"1:name|note", "2:plain|q\"uote", "3:| pad ", "4:<N>|x\ny",
                                   "6:a,b|z"};
  EXPECT_EQ(*rows, want);
}

}  // namespace
}  // namespace copra::csv
