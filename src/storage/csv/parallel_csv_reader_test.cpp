// ParallelCsvReader (with CsvChunkReader and CsvRecordScanner under it):
// the rows, their order and the first error agree with CsvReader +
// CsvBatchBuilder reading the same file front to back, for generated files
// with quotes, line breaks in quoted fields, CRLF, blank lines and
// malformed records, cut into tiny blocks parsed on several threads.
#include "storage/csv/parallel_csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "storage/csv/csv_batch_builder.h"
#include "storage/csv/csv_reader.h"

namespace copra::csv {
namespace {

namespace fs = std::filesystem;

class ParallelCsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("copra_pcsv_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv"))
                .string();
  }
  void TearDown() override { fs::remove(path_); }
  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  // Every row as text ("a|<N>|c"), or the first error's message.
  struct Outcome {
    std::vector<std::string> rows;
    std::string error;
  };

  static void AddRows(const std::vector<ColumnPtr>& cols, int64_t n, Outcome* out) {
    for (int64_t r = 0; r < n; ++r) {
      std::string row;
      for (size_t c = 0; c < cols.size(); ++c) {
        if (c) row += "|";
        row += cols[c]->IsNull(r) ? "<N>" : cols[c]->GetValue(r).ToString();
      }
      out->rows.push_back(row);
    }
  }

  // Front to back, as COPY did before blocks: CsvReader, the field count
  // check, CsvBatchBuilder.
  Outcome ReadSequential(const CsvOptions& o, const std::vector<LogicalType>& types) {
    Outcome out;
    std::vector<std::string> names;
    for (size_t i = 0; i < types.size(); ++i) names.push_back("c" + std::to_string(i));
    auto reader = CsvReader::Open(path_, o);
    EXPECT_TRUE(reader.ok());
    CsvBatchBuilder builder(path_, types, names);
    std::vector<CsvField> fields;
    int64_t line = 0;
    bool header = o.header;
    while (true) {
      Result<bool> more = (*reader)->Next(&fields, &line);
      if (!more.ok()) {
        out.error = more.status().message();
        break;
      }
      if (!*more) break;
      if (header) {
        header = false;
        continue;
      }
      if (fields.size() != types.size()) {
        out.error = "\"" + path_ + "\" line " + std::to_string(line) + ": expected " +
                    std::to_string(types.size()) + " field(s), found " +
                    std::to_string(fields.size());
        break;
      }
      Status st = builder.Append(fields, line);
      if (!st.ok()) {
        out.error = st.message();
        break;
      }
    }
    int64_t n = builder.rows();
    std::vector<ColumnPtr> cols = builder.Finish();
    if (out.error.empty()) AddRows(cols, n, &out);
    return out;
  }

  Outcome ReadParallel(const CsvOptions& o, const std::vector<LogicalType>& types,
                       ParallelCsvOptions po) {
    Outcome out;
    std::vector<std::string> names;
    for (size_t i = 0; i < types.size(); ++i) names.push_back("c" + std::to_string(i));
    auto reader = ParallelCsvReader::Open(path_, o, types, names, po);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    if (!reader.ok()) return out;
    Outcome all;
    while (true) {
      std::vector<ColumnPtr> cols;
      int64_t n = 0;
      Result<bool> more = (*reader)->Next(&cols, &n);
      if (!more.ok()) {
        out.error = more.status().message();
        return out;  // rows before the error are not compared (batches differ)
      }
      if (!*more) break;
      AddRows(cols, n, &all);
    }
    return all;
  }

  std::string path_;
};

TEST_F(ParallelCsvReaderTest, RowsInFileOrderAcrossManyBlocks) {
  std::string text = "ts,host,v\n";
  for (int i = 0; i < 5000; ++i) {
    text += "2016-01-01 00:00:" + std::to_string(10 + i % 50) + ",host_" + std::to_string(i) + "," +
            std::to_string(i) + ".25\n";
  }
  Write(text);
  CsvOptions o;
  o.header = true;
  std::vector<LogicalType> types = {LogicalType::Timestamp(TimeUnit::kMillisecond),
                                    LogicalType::String(), LogicalType::Float64()};
  Outcome want = ReadSequential(o, types);
  ASSERT_EQ(want.rows.size(), 5000u);
  for (int threads : {1, 2, 4}) {
    ParallelCsvOptions po;
    po.threads = threads;
    po.block_bytes = 1000;
    Outcome got = ReadParallel(o, types, po);
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.rows, want.rows) << threads << " threads";
  }
}

TEST_F(ParallelCsvReaderTest, BadValueInALaterBlockNamesItsLine) {
  std::string text = "a,v\n";
  for (int i = 0; i < 3000; ++i) text += "\"x\ny\"," + std::to_string(i) + "\r\n";
  text += "z,oops\n";  // line 2 + 3000 * 2
  for (int i = 0; i < 100; ++i) text += "w,1\n";
  Write(text);
  CsvOptions o;
  o.header = true;
  std::vector<LogicalType> types = {LogicalType::String(), LogicalType::Float64()};
  ParallelCsvOptions po;
  po.threads = 2;
  po.block_bytes = 4096;
  Outcome got = ReadParallel(o, types, po);
  EXPECT_NE(got.error.find("\" line 6002, column \"c1\": "), std::string::npos) << got.error;
  EXPECT_EQ(got.error, ReadSequential(o, types).error);
}

TEST_F(ParallelCsvReaderTest, EmptyFileHeaderOnlyAndBlankLines) {
  std::vector<LogicalType> types = {LogicalType::String()};
  CsvOptions o;
  o.header = true;
  for (const std::string& text : {std::string(), std::string("h\n"), std::string("h"),
                                  std::string("\n\r\n\nh\r\n\n"), std::string("\n\nh\nx\n")}) {
    Write(text);
    Outcome got = ReadParallel(o, types, {});
    Outcome want = ReadSequential(o, types);
    EXPECT_EQ(got.rows, want.rows) << text;
    EXPECT_EQ(got.error, want.error) << text;
  }
}

TEST_F(ParallelCsvReaderTest, RecordLongerThanABlock) {
  std::string big(10000, 'q');
  Write("a,\"" + big + "\n" + big + "\"\nb,c\n");
  std::vector<LogicalType> types = {LogicalType::String(), LogicalType::String()};
  ParallelCsvOptions po;
  po.block_bytes = 100;
  Outcome got = ReadParallel({}, types, po);
  ASSERT_EQ(got.rows.size(), 2u);
  EXPECT_EQ(got.rows[0], "a|" + big + "\n" + big);
  EXPECT_EQ(got.rows[1], "b|c");
}

// Generated files: random mixes of plain, empty, NULL-spelled and quoted
// fields (with delimiters, doubled quotes, LF and CR inside), LF or CRLF
// line ends, blank lines, a missing final line break, and now and then a
// malformed record (unterminated quote, text after a closing quote, a bad
// number, a wrong field count).
TEST_F(ParallelCsvReaderTest, AgreesWithTheSequentialReaderOnGeneratedFiles) {
  std::mt19937 rng(12345);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> words = {"a", "bc", "NA", "1.5", "-2", "x y", "é"};
  for (int round = 0; round < 300; ++round) {
    const int width = 1 + pick(3);
    const bool plain = round % 3 == 0;  // no quotes, no CRs: the fast split
    CsvOptions o;
    o.header = pick(2) == 0;
    if (pick(3) == 0) o.null_string = "NA";
    if (pick(4) == 0) o.delimiter = ';';
    const char d = o.delimiter;
    std::string text;
    const int records = pick(60);
    for (int r = 0; r < records; ++r) {
      if (pick(10) == 0) text += pick(2) || plain ? "\n" : "\r\n";
      int fields = width;
      if (pick(80) == 0) fields += pick(2) ? 1 : -1;
      for (int f = 0; f < fields; ++f) {
        if (f) text += d;
        switch (plain ? 2 * pick(3) : pick(6)) {
          case 0: break;  // empty
          case 1: {
            std::string q = "\"";
            for (int k = pick(4); k > 0; --k) {
              switch (pick(6)) {
                case 0: q += "\"\""; break;
                case 1: q += "\n"; break;
                case 2: q += "\r\n"; break;
                case 3: q += d; break;
                default: q += words[static_cast<size_t>(pick(7))];
              }
            }
            q += "\"";
            if (pick(150) == 0) q += "x";  // text after the closing quote
            text += q;
            break;
          }
          case 2:
            if (f == width - 1 && pick(60) == 0) {
              text += "oops";  // not a number
            } else {
              text += std::to_string(pick(1000)) + "." + std::to_string(pick(100));
            }
            break;
          default: text += words[static_cast<size_t>(pick(7))];
        }
      }
      if (r + 1 < records || pick(2)) text += pick(3) == 0 && !plain ? "\r\n" : "\n";
    }
    if (pick(100) == 0 && !plain) text += "\"unterminated";
    Write(text);
    std::vector<LogicalType> types(static_cast<size_t>(width), LogicalType::String());
    types.back() = pick(2) ? LogicalType::Float64() : LogicalType::String();
    Outcome want = ReadSequential(o, types);
    for (size_t block : {64, 97, 1 << 20}) {
      ParallelCsvOptions po;
      po.threads = 1 + pick(3);
      po.block_bytes = block;
      po.max_blocks_ahead = 1 + pick(3);
      Outcome got = ReadParallel(o, types, po);
      ASSERT_EQ(got.error, want.error) << "round " << round << " block " << block << "\n" << text;
      if (want.error.empty()) {
        ASSERT_EQ(got.rows, want.rows) << "round " << round << " block " << block << "\n" << text;
      }
    }
  }
}

}  // namespace
}  // namespace copra::csv
