// Round trips through FileWriter and FileReader: every copra type with
// NULLs, every codec, dictionary and delta encodings on and off, many row
// groups and pages, empty files, statistics, and damaged files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "storage/parquet/file_reader.h"
#include "storage/parquet/file_writer.h"

namespace copra::parquet {
namespace {

namespace fs = std::filesystem;

class ParquetFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("copra_parquet_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  fs::path dir_;
};

std::vector<Field> AllTypeFields() {
  return {
      {"b", LogicalType::Boolean()},
      {"i8", LogicalType::Int8()},
      {"i16", LogicalType::Int16()},
      {"i32", LogicalType::Int32()},
      {"i64", LogicalType::Int64()},
      {"u8", LogicalType::UInt8()},
      {"u16", LogicalType::UInt16()},
      {"u32", LogicalType::UInt32()},
      {"u64", LogicalType::UInt64()},
      {"f32", LogicalType::Float32()},
      {"f64", LogicalType::Float64()},
      {"s", LogicalType::String()},
      {"bin", LogicalType::Binary()},
      {"ts_s", LogicalType::Timestamp(TimeUnit::kSecond)},
      {"ts_ms", LogicalType::Timestamp(TimeUnit::kMillisecond)},
      {"ts_us", LogicalType::Timestamp(TimeUnit::kMicrosecond)},
      {"ts_ns", LogicalType::Timestamp(TimeUnit::kNanosecond)},
      {"d", LogicalType::Date()},
      {"iv", LogicalType::Interval()},
      {"req", LogicalType::Int64(), /*nullable=*/false},
  };
}

// Row i of column `f`: NULL every 7th row (for nullable columns).
Value MakeValue(const Field& f, int64_t i, std::mt19937_64& rng) {
  if (f.nullable && (i % 7 == 3)) return Value::Null(f.type);
  uint64_t r = rng();
  switch (f.type.id()) {
    case TypeId::kBoolean: return Value::Boolean(r & 1);
    case TypeId::kInt8: return Value::Int8(static_cast<int8_t>(r));
    case TypeId::kInt16: return Value::Int16(static_cast<int16_t>(r));
    case TypeId::kInt32: return Value::Int32(static_cast<int32_t>(r));
    case TypeId::kInt64: return Value::Int64(static_cast<int64_t>(r));
    case TypeId::kUInt8: return Value::UInt8(static_cast<uint8_t>(r));
    case TypeId::kUInt16: return Value::UInt16(static_cast<uint16_t>(r));
    case TypeId::kUInt32: return Value::UInt32(static_cast<uint32_t>(r));
    case TypeId::kUInt64: return Value::UInt64(r);
    case TypeId::kFloat32: return Value::Float32(static_cast<float>(static_cast<int32_t>(r)) / 7);
    case TypeId::kFloat64: return Value::Float64(static_cast<double>(static_cast<int64_t>(r)) / 3);
    case TypeId::kString: return Value::String("host-" + std::to_string(r % 13));
    case TypeId::kBinary: return Value::Binary(std::string(r % 5, static_cast<char>(r % 256)));
    case TypeId::kTimestamp: {
      int64_t base = 1700000000;
      int64_t per = UnitsPerSecond(f.type.unit());
      return Value::Timestamp(base * per + i * per / 10 + static_cast<int64_t>(r % 3),
                              f.type.unit());
    }
    case TypeId::kDate: return Value::Date(static_cast<int32_t>(r % 40000) - 20000);
    case TypeId::kInterval:
      return Value::IntervalValue(Interval{static_cast<int32_t>(r % 24),
                                           static_cast<int32_t>(r % 31),
                                           static_cast<int64_t>(r % 86400000) * 1000000});
    default: return Value::Null(f.type);
  }
}

BatchPtr MakeBatch(const SchemaPtr& schema, int64_t first_row, int64_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<ColumnPtr> columns;
  for (const Field& f : schema->fields()) {
    std::vector<Value> values;
    for (int64_t i = 0; i < rows; ++i) values.push_back(MakeValue(f, first_row + i, rng));
    auto col = Column::FromValues(f.type, values);
    EXPECT_TRUE(col.ok()) << col.status().ToString();
    columns.push_back(*col);
  }
  return Batch::Make(schema, std::move(columns), rows);
}

// Reads every row group, all columns, and compares with `expected` (the
// batches concatenated), row by row.
void ExpectFileHolds(const std::string& path, const std::vector<BatchPtr>& expected,
                     int64_t batch_size = kDefaultBatchSize) {
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const auto& schema = (*reader)->schema();
  std::vector<int> all;
  for (size_t c = 0; c < schema->num_fields(); ++c) all.push_back(static_cast<int>(c));
  std::vector<std::vector<Value>> got(schema->num_fields());
  int64_t rows = 0;
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto br = (*reader)->ReadRowGroup(g, all, batch_size);
    ASSERT_TRUE(br.ok()) << br.status().ToString();
    while (true) {
      auto b = (*br)->Next();
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      if (*b == nullptr) break;
      ASSERT_LE((*b)->num_rows(), batch_size);
      for (size_t c = 0; c < schema->num_fields(); ++c) {
        ASSERT_TRUE((*b)->column(c)->Validate().ok());
        for (int64_t i = 0; i < (*b)->num_rows(); ++i)
          got[c].push_back((*b)->column(c)->GetValue(i));
      }
      rows += (*b)->num_rows();
    }
  }
  int64_t expected_rows = 0;
  for (const auto& b : expected) expected_rows += b->num_rows();
  ASSERT_EQ(rows, expected_rows);
  EXPECT_EQ((*reader)->info().num_rows, expected_rows);
  for (size_t c = 0; c < schema->num_fields(); ++c) {
    int64_t r = 0;
    for (const auto& b : expected) {
      const Field& f = b->schema()->field(c);
      ASSERT_EQ(schema->field(c).name, f.name);
      ASSERT_EQ(schema->field(c).type, f.type) << f.name;
      ASSERT_EQ(schema->field(c).nullable, f.nullable) << f.name;
      for (int64_t i = 0; i < b->num_rows(); ++i, ++r) {
        Value want = b->column(c)->GetValue(i);
        ASSERT_TRUE(want == got[c][static_cast<size_t>(r)] ||
                    (want.is_null() && got[c][static_cast<size_t>(r)].is_null()))
            << f.name << " row " << r << ": wrote " << want.ToString() << ", read "
            << got[c][static_cast<size_t>(r)].ToString();
      }
    }
  }
}

TEST_F(ParquetFileTest, AllTypesEveryCodecAndEncoding) {
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  for (Compression codec :
       {Compression::kUncompressed, Compression::kZstd, Compression::kSnappy, Compression::kLz4}) {
    for (bool encodings : {true, false}) {
      SCOPED_TRACE(std::string(CompressionName(codec)) + (encodings ? " dict+delta" : " plain"));
      WriterOptions opts;
      opts.compression = codec;
      opts.dictionary = encodings;
      opts.delta_timestamps = encodings;
      opts.row_group_rows = 700;
      opts.page_bytes = 2000;
      std::string path = Path(std::string("all_") + CompressionName(codec) +
                              (encodings ? "_enc" : "_plain") + ".parquet");
      auto w = FileWriter::Open(path, schema, opts);
      ASSERT_TRUE(w.ok()) << w.status().ToString();
      std::vector<BatchPtr> batches;
      int64_t row = 0;
      for (int64_t n : {1, 500, 999, 0, 1200}) {
        batches.push_back(MakeBatch(schema, row, n, static_cast<uint64_t>(row + 1)));
        ASSERT_TRUE((*w)->Write(*batches.back()).ok());
        row += n;
      }
      auto info = (*w)->Close();
      ASSERT_TRUE(info.ok()) << info.status().ToString();
      EXPECT_EQ(info->num_rows, row);
      EXPECT_EQ(info->row_groups.size(), 4u);  // 2700 rows / 700
      EXPECT_EQ(info->file_bytes, static_cast<int64_t>(fs::file_size(path)));
      ExpectFileHolds(path, batches, 333);
    }
  }
}

// Encoding column chunks on several threads must not change a byte of the
// file: each chunk is encoded by one thread and the chunks are written in
// column order.
TEST_F(ParquetFileTest, EncodeThreadsWriteTheSameBytes) {
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  std::vector<BatchPtr> batches;
  int64_t row = 0;
  for (int64_t n : {1, 500, 999, 0, 1200, 3000}) {
    batches.push_back(MakeBatch(schema, row, n, static_cast<uint64_t>(row + 7)));
    row += n;
  }
  auto write = [&](int threads) {
    WriterOptions opts;
    opts.row_group_rows = 700;
    opts.page_rows = 100;
    opts.encode_threads = threads;
    std::string path = Path("threads_" + std::to_string(threads) + ".parquet");
    auto w = FileWriter::Open(path, schema, opts);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    for (const BatchPtr& b : batches) EXPECT_TRUE((*w)->Write(*b).ok());
    auto info = (*w)->Close();
    EXPECT_TRUE(info.ok()) << info.status().ToString();
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string one = write(1);
  ASSERT_GT(one.size(), 1000u);
  EXPECT_EQ(write(2), one);
  EXPECT_EQ(write(5), one);
  ExpectFileHolds(Path("threads_5.parquet"), batches);
}

// With parallel encoding, an error in one column is the statement's error
// (the first failing column's), and the writer stays failed.
TEST_F(ParquetFileTest, EncodeThreadsReportTheFailingColumn) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"a", LogicalType::Int32()},
                         {"b", LogicalType::Int32(), /*nullable=*/false},
                         {"c", LogicalType::Int32()}});
  WriterOptions opts;
  opts.encode_threads = 3;
  auto w = FileWriter::Open(Path("nn3.parquet"), schema, opts);
  ASSERT_TRUE(w.ok());
  auto ok = Column::FromValues(LogicalType::Int32(), {Value::Int32(1), Value::Int32(2)});
  auto bad = Column::FromValues(LogicalType::Int32(), {Value::Int32(1), Value::Null()});
  ASSERT_TRUE(ok.ok() && bad.ok());
  Status st = (*w)->Write(*Batch::Make(schema, {*ok, *bad, *ok}, 2));
  EXPECT_EQ(st.code(), ErrorCode::kNotNullViolation);
  EXPECT_EQ((*w)->Write(*Batch::Make(schema, {*ok, *ok, *ok}, 2)).code(),
            ErrorCode::kNotNullViolation);
  EXPECT_FALSE((*w)->Close().ok());
}

TEST_F(ParquetFileTest, ReadingChosenRowsEqualsReadingAllAndTaking) {
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  std::vector<int> all(schema->num_fields());
  for (size_t c = 0; c < all.size(); ++c) all[c] = static_cast<int>(c);
  for (bool encodings : {true, false}) {
    SCOPED_TRACE(encodings ? "dict+delta" : "plain");
    WriterOptions opts;
    opts.dictionary = encodings;
    opts.delta_timestamps = encodings;
    opts.row_group_rows = 1500;
    opts.page_bytes = 700;  // many pages per chunk
    std::string path = Path(encodings ? "chosen_enc.parquet" : "chosen_plain.parquet");
    auto w = FileWriter::Open(path, schema, opts);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(*MakeBatch(schema, 0, 1500, 5)).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto r = FileReader::Open(path);
    ASSERT_TRUE(r.ok());
    auto whole = (*r)->ReadRowGroup(0, all, 1500);
    ASSERT_TRUE(whole.ok());
    auto full = (*whole)->Next();
    ASSERT_TRUE(full.ok() && *full != nullptr);
    std::mt19937 rng(3);
    for (int trial = 0; trial < 8; ++trial) {
      std::vector<int32_t> rows;
      const uint32_t every = 1 + trial * trial * 7;
      for (int32_t i = 0; i < 1500; ++i) {
        if (rng() % every == 0 || (trial == 7 && i >= 690 && i < 760)) rows.push_back(i);
      }
      if (trial == 0) rows.clear();
      auto chosen = (*r)->ReadRowGroupRows(0, all, rows);
      ASSERT_TRUE(chosen.ok()) << chosen.status().ToString();
      ASSERT_EQ((*chosen)->num_rows(), static_cast<int64_t>(rows.size()));
      for (size_t c = 0; c < all.size(); ++c) {
        for (size_t i = 0; i < rows.size(); ++i) {
          ASSERT_EQ((*chosen)->column(c)->GetValue(static_cast<int64_t>(i)).ToString(),
                    (*full)->column(c)->GetValue(rows[i]).ToString())
              << schema->field(c).name << " row " << rows[i];
        }
      }
    }
    EXPECT_FALSE((*r)->ReadRowGroupRows(0, all, {5, 5}).ok());
    EXPECT_FALSE((*r)->ReadRowGroupRows(0, all, {1500}).ok());
  }
}

TEST_F(ParquetFileTest, SlicedBatches) {
  // Columns with a non-zero offset (Batch::Slice) write the sliced rows.
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  auto batch = MakeBatch(schema, 0, 1000, 77);
  std::string path = Path("sliced.parquet");
  WriterOptions opts;
  opts.row_group_rows = 128;
  auto w = FileWriter::Open(path, schema, opts);
  ASSERT_TRUE(w.ok());
  std::vector<BatchPtr> parts;
  for (int64_t off : {3, 100, 517}) {
    parts.push_back(batch->Slice(off, 211));
    ASSERT_TRUE((*w)->Write(*parts.back()).ok());
  }
  auto info = (*w)->Close();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ExpectFileHolds(path, parts, 50);
  // Statistics cover exactly the sliced rows.
  auto r = FileReader::Open(path);
  ASSERT_TRUE(r.ok());
  int64_t nulls = 0;
  for (const auto& g : (*r)->info().row_groups) nulls += g.columns[4].null_count;
  int64_t expected = 0;
  for (const auto& p : parts) expected += p->column(4)->null_count();
  EXPECT_EQ(nulls, expected);
}

TEST_F(ParquetFileTest, EmptyFile) {
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  std::string path = Path("empty.parquet");
  auto w = FileWriter::Open(path, schema);
  ASSERT_TRUE(w.ok());
  auto info = (*w)->Close();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->num_rows, 0);
  EXPECT_TRUE(info->row_groups.empty());
  auto r = FileReader::Open(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_row_groups(), 0);
  EXPECT_EQ((*r)->schema()->num_fields(), schema->num_fields());
  EXPECT_EQ((*r)->schema()->field(13).type, LogicalType::Timestamp(TimeUnit::kSecond));
}

TEST_F(ParquetFileTest, ManyRowGroupsAndStatistics) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond), false},
                         {"host", LogicalType::String()},
                         {"v", LogicalType::Float64()},
                         {"n", LogicalType::UInt32()}});
  WriterOptions opts;
  opts.row_group_rows = 100;
  opts.key_value_metadata = {{"region", "r1"}, {"k2", ""}};
  std::string path = Path("groups.parquet");
  auto w = FileWriter::Open(path, schema, opts);
  ASSERT_TRUE(w.ok());
  std::vector<BatchPtr> batches;
  for (int b = 0; b < 10; ++b) {
    std::vector<Value> ts, host, v, n;
    for (int i = 0; i < 95; ++i) {
      int64_t row = b * 95 + i;
      ts.push_back(Value::Timestamp(1000 * row, TimeUnit::kMillisecond));
      host.push_back(row % 10 == 0 ? Value::Null(LogicalType::String())
                                   : Value::String("h" + std::to_string(row % 4)));
      v.push_back(row == 5 ? Value::Float64(std::nan("")) : Value::Float64(row * 0.5));
      n.push_back(Value::UInt32(4000000000u + static_cast<uint32_t>(row)));
    }
    batches.push_back(Batch::Make(schema,
                                  {*Column::FromValues(schema->field(0).type, ts),
                                   *Column::FromValues(schema->field(1).type, host),
                                   *Column::FromValues(schema->field(2).type, v),
                                   *Column::FromValues(schema->field(3).type, n)},
                                  95));
    ASSERT_TRUE((*w)->Write(*batches.back()).ok());
  }
  auto info = (*w)->Close();
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->row_groups.size(), 10u);
  ExpectFileHolds(path, batches);
  auto r = FileReader::Open(path);
  ASSERT_TRUE(r.ok());
  const FileInfo& fi = (*r)->info();
  ASSERT_EQ(fi.row_groups.size(), 10u);
  for (size_t g = 0; g < 10; ++g) {
    const auto& rg = fi.row_groups[g];
    EXPECT_EQ(rg.num_rows, 100 - (g == 9 ? 50 : 0));
    ASSERT_TRUE(rg.columns[0].min.has_value());
    EXPECT_EQ(rg.columns[0].min->GetInt64(), static_cast<int64_t>(g * 100 * 1000));
    EXPECT_EQ(rg.columns[0].max->GetInt64(),
              static_cast<int64_t>((g * 100 + rg.num_rows - 1) * 1000));
    EXPECT_EQ(rg.columns[1].null_count, rg.num_rows / 10);
    EXPECT_EQ(rg.columns[1].min->GetString(), "h0");
    EXPECT_EQ(rg.columns[1].max->GetString(), "h3");
    EXPECT_EQ(rg.columns[3].min->GetUInt64(), 4000000000u + g * 100);
    // Statistics read back equal those Close() returned.
    EXPECT_TRUE(*rg.columns[2].min == *info->row_groups[g].columns[2].min);
    EXPECT_TRUE(*rg.columns[2].max == *info->row_groups[g].columns[2].max);
  }
  EXPECT_EQ(fi.row_groups[0].columns[2].min->GetDouble(), 0.0);  // NaN skipped
  ASSERT_EQ((*r)->key_value_metadata().size(), 2u);
  EXPECT_EQ((*r)->key_value_metadata()[0].first, "region");
  EXPECT_EQ((*r)->key_value_metadata()[0].second, "r1");
}

TEST_F(ParquetFileTest, ProjectionAndOrder) {
  auto schema = std::make_shared<const Schema>(AllTypeFields());
  std::string path = Path("proj.parquet");
  auto w = FileWriter::Open(path, schema);
  ASSERT_TRUE(w.ok());
  auto batch = MakeBatch(schema, 0, 100, 9);
  ASSERT_TRUE((*w)->Write(*batch).ok());
  ASSERT_TRUE((*w)->Close().ok());
  auto r = FileReader::Open(path);
  ASSERT_TRUE(r.ok());
  auto br = (*r)->ReadRowGroup(0, {11, 4, 11});
  ASSERT_TRUE(br.ok());
  auto b = (*br)->Next();
  ASSERT_TRUE(b.ok() && *b);
  EXPECT_EQ((*b)->schema()->field(1).name, "i64");
  EXPECT_TRUE((*b)->column(0)->Equals(*batch->column(11)));
  EXPECT_TRUE((*b)->column(1)->Equals(*batch->column(4)));
  EXPECT_TRUE((*b)->column(2)->Equals(*batch->column(11)));
  EXPECT_FALSE((*r)->ReadRowGroup(1, {0}).ok());
  EXPECT_FALSE((*r)->ReadRowGroup(0, {99}).ok());
}

TEST_F(ParquetFileTest, DictionaryFallsBackToPlain) {
  // Unique long strings overflow the dictionary; values must survive.
  auto schema = std::make_shared<const Schema>(std::vector<Field>{{"s", LogicalType::String()}});
  std::string path = Path("fallback.parquet");
  auto w = FileWriter::Open(path, schema);
  ASSERT_TRUE(w.ok());
  std::vector<BatchPtr> batches;
  for (int b = 0; b < 40; ++b) {
    std::vector<Value> v;
    for (int i = 0; i < 1000; ++i) {
      v.push_back(Value::String(std::string(40, 'x') + std::to_string(b * 1000 + i)));
    }
    batches.push_back(Batch::Make(schema, {*Column::FromValues(LogicalType::String(), v)}, 1000));
    ASSERT_TRUE((*w)->Write(*batches.back()).ok());
  }
  ASSERT_TRUE((*w)->Close().ok());
  ExpectFileHolds(path, batches);
}

TEST_F(ParquetFileTest, PageIndex) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond), false},
                         {"host", LogicalType::String()},
                         {"v", LogicalType::Float64()}});
  WriterOptions opts;
  opts.page_bytes = 1000;  // many pages
  opts.row_group_rows = 5000;
  std::string path = Path("pages.parquet");
  auto w = FileWriter::Open(path, schema, opts);
  ASSERT_TRUE(w.ok());
  std::vector<Value> ts, host, v;
  const int64_t n = 8000;
  for (int64_t i = 0; i < n; ++i) {
    ts.push_back(Value::Timestamp(1000 * i, TimeUnit::kMillisecond));
    // host: NULL for the whole first 3000 rows, then values.
    host.push_back(i < 3000 ? Value::Null(LogicalType::String())
                            : Value::String("h" + std::to_string(i % 3)));
    v.push_back(i % 10 == 0 ? Value::Null(LogicalType::Float64()) : Value::Float64(-i));
  }
  auto batch = Batch::Make(schema,
                           {*Column::FromValues(schema->field(0).type, ts),
                            *Column::FromValues(schema->field(1).type, host),
                            *Column::FromValues(schema->field(2).type, v)},
                           n);
  ASSERT_TRUE((*w)->Write(*batch).ok());
  ASSERT_TRUE((*w)->Close().ok());
  ExpectFileHolds(path, {batch});
  auto r = FileReader::Open(path);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ((*r)->num_row_groups(), 2);
  for (int g = 0; g < 2; ++g) {
    const int64_t base = g * 5000;
    const int64_t rows = (*r)->info().row_groups[static_cast<size_t>(g)].num_rows;
    for (int c = 0; c < 3; ++c) {
      auto pages = (*r)->ReadPageIndex(g, c);
      ASSERT_TRUE(pages.ok()) << pages.status().ToString();
      ASSERT_GE(pages->size(), 2u) << "column " << c;
      int64_t next = 0;
      for (const PageInfo& p : *pages) {
        EXPECT_EQ(p.first_row, next);
        next += p.num_rows;
        ASSERT_TRUE(p.has_statistics) << "column " << c;
        const int64_t first = base + p.first_row, last = first + p.num_rows - 1;
        if (c == 0) {
          EXPECT_EQ(p.statistics.min->GetInt64(), 1000 * first);
          EXPECT_EQ(p.statistics.max->GetInt64(), 1000 * last);
        } else if (c == 1 && last < 3000) {
          EXPECT_EQ(p.statistics.null_count, p.num_rows);
          EXPECT_FALSE(p.statistics.min.has_value());
        } else if (c == 2) {
          int64_t lo = last, hi = first;  // v = -i, NULL every 10th
          while (lo % 10 == 0) --lo;
          while (hi % 10 == 0) ++hi;
          EXPECT_EQ(p.statistics.min->GetDouble(), -static_cast<double>(lo));
          EXPECT_EQ(p.statistics.max->GetDouble(), -static_cast<double>(hi));
        }
      }
      EXPECT_EQ(next, rows);
    }
  }
}

TEST_F(ParquetFileTest, NotNullColumnRejectsNull) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"x", LogicalType::Int32(), /*nullable=*/false}});
  auto w = FileWriter::Open(Path("nn.parquet"), schema);
  ASSERT_TRUE(w.ok());
  auto col = Column::FromValues(LogicalType::Int32(), {Value::Int32(1), Value::Null()});
  ASSERT_TRUE(col.ok());
  Status st = (*w)->Write(*Batch::Make(schema, {*col}, 2));
  EXPECT_EQ(st.code(), ErrorCode::kNotNullViolation);
}

TEST_F(ParquetFileTest, WrongBatchTypeIsAnError) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{{"x", LogicalType::Int32()}});
  auto w = FileWriter::Open(Path("t.parquet"), schema);
  ASSERT_TRUE(w.ok());
  auto other = std::make_shared<const Schema>(std::vector<Field>{{"x", LogicalType::Int64()}});
  auto col = Column::FromValues(LogicalType::Int64(), {Value::Int64(1)});
  EXPECT_EQ((*w)->Write(*Batch::Make(other, {*col}, 1)).code(), ErrorCode::kDatatypeMismatch);
}

TEST_F(ParquetFileTest, DamagedFilesAreClearErrors) {
  std::string missing = Path("nope.parquet");
  EXPECT_FALSE(FileReader::Open(missing).ok());

  std::string tiny = Path("tiny.parquet");
  std::ofstream(tiny) << "PAR1";
  auto r = FileReader::Open(tiny);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kDataCorrupted);
  EXPECT_NE(r.status().message().find("tiny.parquet"), std::string::npos);

  std::string csv = Path("data.csv");
  std::ofstream(csv) << "a,b\n1,2\n3,4\n5,6\n";
  r = FileReader::Open(csv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kDataCorrupted);

  // A good file, then every single-byte corruption and truncation of it: no
  // crash, and either an error or readable data.
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond)},
                         {"s", LogicalType::String()},
                         {"b", LogicalType::Boolean()}});
  std::string good = Path("good.parquet");
  auto w = FileWriter::Open(good, schema);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(*MakeBatch(schema, 0, 300, 5)).ok());
  ASSERT_TRUE((*w)->Close().ok());
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string bad = Path("bad.parquet");
  auto read_all = [&](const std::string& content) {
    std::ofstream(bad, std::ios::binary | std::ios::trunc) << content;
    auto fr = FileReader::Open(bad);
    if (!fr.ok()) return;
    for (int g = 0; g < (*fr)->num_row_groups(); ++g) {
      for (int c = 0; c < 3; ++c) (void)(*fr)->ReadPageIndex(g, c);
      auto br = (*fr)->ReadRowGroup(g, {0, 1, 2}, 64);
      if (!br.ok()) return;
      while (true) {
        auto b = (*br)->Next();
        if (!b.ok() || *b == nullptr) break;
        for (const auto& c : (*b)->columns()) EXPECT_TRUE(c->Validate().ok());
      }
    }
  };
  for (size_t cut = 0; cut < bytes.size(); cut += 7) read_all(bytes.substr(0, cut));
  std::mt19937 rng(1);
  for (size_t i = 0; i < bytes.size(); i += 2) {
    std::string c = bytes;
    c[i] = static_cast<char>(c[i] ^ (1 << (rng() % 8)));
    read_all(c);
  }
}

}  // namespace
}  // namespace copra::parquet

namespace copra::parquet {
namespace {

// Row ranges read only the pages holding them: with a page index only those
// pages are read from the file, without one the others are passed over by
// their headers; either way nothing else is decompressed.
TEST_F(ParquetFileTest, RowRangesReadOnlyTheirPages) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond), false},
                         {"host", LogicalType::String()},
                         {"v", LogicalType::Float64()}});
  const int64_t n = 1000;
  std::vector<Value> ts, host, v;
  for (int64_t i = 0; i < n; ++i) {
    ts.push_back(Value::Timestamp(1000 * i, TimeUnit::kMillisecond));
    host.push_back(i % 9 == 4 ? Value::Null(LogicalType::String())
                              : Value::String("h" + std::to_string(i / 150)));
    v.push_back(i % 10 == 0 ? Value::Null(LogicalType::Float64()) : Value::Float64(0.5 * i));
  }
  auto batch = Batch::Make(schema,
                           {*Column::FromValues(schema->field(0).type, ts),
                            *Column::FromValues(schema->field(1).type, host),
                            *Column::FromValues(schema->field(2).type, v)},
                           n);
  for (bool index : {true, false}) {
    SCOPED_TRACE(index ? "page index" : "no page index");
    WriterOptions opts;
    opts.row_group_rows = n;
    opts.page_rows = 100;  // ten pages per column, cut by rows alone
    opts.page_index = index;
    const std::string path = Path(index ? "ranges_index.parquet" : "ranges_plain.parquet");
    auto w = FileWriter::Open(path, schema, opts);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(*batch).ok());
    ASSERT_TRUE((*w)->Close().ok());
    auto r = FileReader::Open(path);
    ASSERT_TRUE(r.ok());
    auto pages = (*r)->ReadPageIndex(0, 2);
    ASSERT_TRUE(pages.ok());
    if (index) {
      ASSERT_EQ(pages->size(), 10u);
      for (size_t p = 0; p < pages->size(); ++p) {
        EXPECT_EQ((*pages)[p].first_row, static_cast<int64_t>(p) * 100);
        EXPECT_EQ((*pages)[p].num_rows, 100);
      }
    } else {
      EXPECT_TRUE(pages->empty());
    }
    // Ranges at page boundaries (a whole page, a page's last row) and
    // inside one.
    const std::vector<RowRange> ranges = {{199, 200}, {300, 400}, {905, 911}};
    PageCounts counts;
    auto read = (*r)->ReadRowGroupRanges(0, {0, 1, 2}, ranges, &counts);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    ASSERT_EQ((*read)->num_rows(), 107);
    EXPECT_EQ(counts.decoded, 3 * 3);  // pages 1, 3 and 9 of each column
    EXPECT_EQ(counts.skipped, 3 * 7);
    int64_t out = 0;
    for (const RowRange& range : ranges) {
      for (int64_t i = range.begin; i < range.end; ++i, ++out) {
        for (size_t c = 0; c < 3; ++c) {
          ASSERT_EQ((*read)->column(c)->GetValue(out).ToString(),
                    batch->column(c)->GetValue(i).ToString())
              << "column " << c << " row " << i;
        }
      }
    }
    // Chosen rows the same way; nothing wanted reads no page.
    PageCounts none;
    auto empty = (*r)->ReadRowGroupRows(0, {0, 1, 2}, {}, &none);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ((*empty)->num_rows(), 0);
    EXPECT_EQ(none.decoded, 0);
    EXPECT_FALSE((*r)->ReadRowGroupRanges(0, {0}, {{5, 3}}).ok());
    EXPECT_FALSE((*r)->ReadRowGroupRanges(0, {0}, {{5, 10}, {8, 12}}).ok());
    EXPECT_FALSE((*r)->ReadRowGroupRanges(0, {0}, {{995, 1001}}).ok());
    // A reader kept without its file (a cache's template) only reopens;
    // the reopened one shares the footer and reads the same rows.
    (*r)->ReleaseFile();
    EXPECT_EQ((*r)->ReadRowGroupRanges(0, {0}, {{0, 5}}).status().code(), ErrorCode::kInternal);
    auto again = (*r)->Reopen();
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(&(*again)->info(), &(*r)->info());
    auto reread = (*again)->ReadRowGroupRanges(0, {0, 1, 2}, ranges);
    ASSERT_TRUE(reread.ok()) << reread.status().ToString();
    for (size_t c = 0; c < 3; ++c) {
      for (int64_t i = 0; i < 107; ++i) {
        ASSERT_EQ((*reread)->column(c)->GetValue(i).ToString(),
                  (*read)->column(c)->GetValue(i).ToString());
      }
    }
  }
}

}  // namespace
}  // namespace copra::parquet
