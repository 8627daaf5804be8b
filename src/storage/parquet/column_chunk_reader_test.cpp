// ColumnChunkReader on hand-built pages for encodings Copra does not write:
// DELTA_BYTE_ARRAY, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT, data page V2.
#include "storage/parquet/column_chunk_reader.h"

#include <gtest/gtest.h>

#include <cstring>

#include "storage/parquet/delta_binary_packed.h"
#include "storage/parquet/format.h"
#include "storage/parquet/rle_hybrid.h"

namespace copra::parquet {
namespace {

ColumnDescriptor Describe(const Field& f) {
  auto d = DescribeForWrite(f);
  EXPECT_TRUE(d.ok());
  return *d;
}

std::vector<uint8_t> Chunk(format::Encoding encoding, int32_t num_values, const std::string& body) {
  format::PageHeader h;
  h.type = format::PageType::kDataPage;
  h.uncompressed_page_size = h.compressed_page_size = static_cast<int32_t>(body.size());
  auto& dp = h.data_page_header.emplace();
  dp.num_values = num_values;
  dp.encoding = encoding;
  std::string bytes = format::EncodePageHeader(h) + body;
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

std::string DeltaLengths(const std::vector<int64_t>& v) {
  std::string out;
  EncodeDeltaBinaryPacked(v.data(), static_cast<int64_t>(v.size()), &out);
  return out;
}

TEST(ColumnChunkReaderTest, DeltaByteArray) {
  // "apple", "applesauce", "apply", "banana", "band"
  std::string body = DeltaLengths({0, 5, 4, 0, 3}) + DeltaLengths({5, 5, 1, 6, 1}) +
                     "apple"
                     "sauce"
                     "y"
                     "banana"
                     "d";
  ColumnChunkReader r(Describe({"s", LogicalType::String(), false}), format::Codec::kUncompressed,
                      Chunk(format::Encoding::kDeltaByteArray, 5, body), 5);
  auto a = r.Read(2);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = r.Read(3);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ((*a)->ToString(), "['apple', 'applesauce']");
  EXPECT_EQ((*b)->ToString(), "['apply', 'banana', 'band']");
  EXPECT_FALSE(r.Read(1).ok());
}

TEST(ColumnChunkReaderTest, DeltaLengthByteArrayWithNulls) {
  // OPTIONAL column: levels 1,0,1 then lengths of the two values.
  std::vector<uint32_t> levels = {1, 0, 1};
  std::string lv;
  EncodeRleHybrid(levels.data(), 3, 1, &lv);
  uint32_t len = static_cast<uint32_t>(lv.size());
  std::string body(reinterpret_cast<const char*>(&len), 4);
  body += lv + DeltaLengths({2, 3}) +
          "hi"
          "you";
  ColumnChunkReader r(Describe({"s", LogicalType::String()}), format::Codec::kUncompressed,
                      Chunk(format::Encoding::kDeltaLengthByteArray, 3, body), 3);
  auto c = r.Read(3);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->ToString(), "['hi', NULL, 'you']");
}

TEST(ColumnChunkReaderTest, ByteStreamSplitDouble) {
  std::vector<double> v = {1.5, -2.25, 1e300};
  std::string body(v.size() * 8, '\0');
  for (size_t i = 0; i < v.size(); ++i) {
    uint8_t bytes[8];
    std::memcpy(bytes, &v[i], 8);
    for (int k = 0; k < 8; ++k)
      body[static_cast<size_t>(k) * v.size() + i] = static_cast<char>(bytes[k]);
  }
  ColumnChunkReader r(Describe({"d", LogicalType::Float64(), false}), format::Codec::kUncompressed,
                      Chunk(format::Encoding::kByteStreamSplit, 3, body), 3);
  auto c = r.Read(3);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->data<double>()[0], 1.5);
  EXPECT_EQ((*c)->data<double>()[1], -2.25);
  EXPECT_EQ((*c)->data<double>()[2], 1e300);
}

TEST(ColumnChunkReaderTest, Int96Timestamps) {
  format::SchemaElement root, leaf;
  root.name = "schema";
  root.num_children = 1;
  leaf.name = "t";
  leaf.type = format::Type::kInt96;
  leaf.repetition = format::Repetition::kRequired;
  auto descs = FromSchema({root, leaf}, {});
  ASSERT_TRUE(descs.ok()) << descs.status().ToString();
  EXPECT_EQ((*descs)[0].field.type, LogicalType::Timestamp(TimeUnit::kNanosecond));
  // 2024-01-01 00:00:01.5 = Julian day 2460311, 1.5 s into the day.
  std::string body(12, '\0');
  int64_t nanos = 1500000000;
  int32_t day = 2460311;
  std::memcpy(body.data(), &nanos, 8);
  std::memcpy(body.data() + 8, &day, 4);
  ColumnChunkReader r((*descs)[0], format::Codec::kUncompressed,
                      Chunk(format::Encoding::kPlain, 1, body), 1);
  auto c = r.Read(1);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->data<int64_t>()[0], 19723LL * 86400 * 1000000000 + 1500000000);
}

TEST(ColumnChunkReaderTest, BadPrefixIsCorruption) {
  std::string body = DeltaLengths({3}) + DeltaLengths({1}) + "x";  // prefix longer than previous
  ColumnChunkReader r(Describe({"s", LogicalType::String(), false}), format::Codec::kUncompressed,
                      Chunk(format::Encoding::kDeltaByteArray, 1, body), 1);
  auto c = r.Read(1);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kDataCorrupted);
}

// Every truncation and single-byte corruption of hand-built pages in the
// encodings above (and V2 data pages) decodes or fails cleanly.
TEST(ColumnChunkReaderTest, DamagedPagesNeverCrash) {
  struct Case {
    Field field;
    std::vector<uint8_t> chunk;
    int64_t rows;
  };
  std::vector<Case> chunks;
  chunks.push_back({Field{"s", LogicalType::String(), false},
                    Chunk(format::Encoding::kDeltaByteArray, 5,
                          DeltaLengths({0, 5, 4, 0, 3}) + DeltaLengths({5, 5, 1, 6, 1}) +
                              "apple"
                              "sauce"
                              "y"
                              "banana"
                              "d"),
                    5});
  chunks.push_back({Field{"s", LogicalType::String(), false},
                    Chunk(format::Encoding::kDeltaLengthByteArray, 3,
                          DeltaLengths({2, 3, 0}) + "hi"
                                                    "you"),
                    3});
  chunks.push_back({Field{"d", LogicalType::Float64(), false},
                    Chunk(format::Encoding::kByteStreamSplit, 2, std::string(16, '\x11')), 2});
  std::vector<int64_t> ts;
  for (int i = 0; i < 300; ++i) ts.push_back(1700000000000 + i * 1000 + i % 7);
  chunks.push_back({Field{"t", LogicalType::Int64(), false},
                    Chunk(format::Encoding::kDeltaBinaryPacked, 300, DeltaLengths(ts)), 300});
  {
    // A V2 page: OPTIONAL column, levels outside the (uncompressed) values.
    std::vector<uint32_t> levels = {1, 0, 1, 1};
    std::string lv;
    EncodeRleHybrid(levels.data(), 4, 1, &lv);
    std::string values = DeltaLengths({7, 8, 9});
    format::PageHeader h;
    h.type = format::PageType::kDataPageV2;
    h.uncompressed_page_size = h.compressed_page_size =
        static_cast<int32_t>(lv.size() + values.size());
    auto& d = h.data_page_header_v2.emplace();
    d.num_values = d.num_rows = 4;
    d.num_nulls = 1;
    d.encoding = format::Encoding::kDeltaBinaryPacked;
    d.definition_levels_byte_length = static_cast<int32_t>(lv.size());
    d.is_compressed = false;
    std::string bytes = format::EncodePageHeader(h) + lv + values;
    chunks.push_back(
        {Field{"n", LogicalType::Int64()}, std::vector<uint8_t>(bytes.begin(), bytes.end()), 4});
    ColumnChunkReader good(Describe(chunks.back().field), format::Codec::kUncompressed,
                           chunks.back().chunk, 4);
    auto c = good.Read(4);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ((*c)->ToString(), "[7, NULL, 8, 9]");
  }
  for (const auto& [field, chunk, rows] : chunks) {
    auto try_read = [&](std::vector<uint8_t> bytes) {
      ColumnChunkReader r(Describe(field), format::Codec::kUncompressed, std::move(bytes), rows);
      auto c = r.Read(rows);
      if (c.ok()) {
        EXPECT_TRUE((*c)->Validate().ok());
      }
    };
    for (size_t cut = 0; cut < chunk.size(); ++cut) {
      try_read(std::vector<uint8_t>(chunk.begin(), chunk.begin() + static_cast<int64_t>(cut)));
    }
    for (size_t i = 0; i < chunk.size(); ++i) {
      for (uint8_t bit : {1, 4, 128}) {
        auto bad = chunk;
        bad[i] ^= bit;
        try_read(std::move(bad));
      }
    }
  }
}

}  // namespace
}  // namespace copra::parquet
