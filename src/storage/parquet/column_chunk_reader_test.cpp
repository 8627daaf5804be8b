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

TEST(ColumnChunkReaderTest, BadPrefixIsCorruption) {
  std::string body = DeltaLengths({3}) + DeltaLengths({1}) + "x";  // prefix longer than previous
  ColumnChunkReader r(Describe({"s", LogicalType::String(), false}), format::Codec::kUncompressed,
                      Chunk(format::Encoding::kDeltaByteArray, 1, body), 1);
  auto c = r.Read(1);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace copra::parquet
