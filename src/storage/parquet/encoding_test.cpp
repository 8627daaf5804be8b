// Unit tests for the low-level Parquet encodings: Thrift compact protocol,
// bit packing, RLE/bit-packed hybrid and DELTA_BINARY_PACKED.
#include <gtest/gtest.h>

#include <random>

#include "storage/parquet/bit_packing.h"
#include "storage/parquet/delta_binary_packed.h"
#include "storage/parquet/format.h"
#include "storage/parquet/rle_hybrid.h"
#include "storage/parquet/thrift_compact.h"

namespace copra::parquet {
namespace {

const uint8_t* U8(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(ThriftCompactTest, FieldHeadersAndValues) {
  CompactWriter w;
  w.FieldI32(1, -3);     // delta 1, i32
  w.FieldI64(20, 1234);  // delta 19 -> long form
  w.FieldBool(21, true);
  w.FieldBinary(22, "abc");
  w.StructEnd();
  const std::string& d = w.data();
  EXPECT_EQ(static_cast<uint8_t>(d[0]), 0x15);  // (1 << 4) | I32
  EXPECT_EQ(static_cast<uint8_t>(d[1]), 5);     // zigzag(-3)
  EXPECT_EQ(static_cast<uint8_t>(d[2]), 0x06);  // long form, I64
  CompactReader r(U8(d), d.size(), "test");
  r.StructBegin();
  int16_t id;
  ThriftType t;
  ASSERT_TRUE(*r.NextField(&id, &t));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(*r.ReadI32(t), -3);
  ASSERT_TRUE(*r.NextField(&id, &t));
  EXPECT_EQ(id, 20);
  EXPECT_EQ(*r.ReadI64(t), 1234);
  ASSERT_TRUE(*r.NextField(&id, &t));
  EXPECT_EQ(id, 21);
  EXPECT_TRUE(*r.ReadBool(t));
  ASSERT_TRUE(*r.NextField(&id, &t));
  EXPECT_EQ(*r.ReadBinary(t), "abc");
  EXPECT_FALSE(*r.NextField(&id, &t));
}

TEST(ThriftCompactTest, TruncatedInputIsCorruption) {
  format::PageHeader h;
  h.type = format::PageType::kDataPage;
  h.uncompressed_page_size = 100;
  h.compressed_page_size = 50;
  h.data_page_header.emplace().num_values = 7;
  std::string bytes = format::EncodePageHeader(h);
  size_t used = 0;
  auto full = format::DecodePageHeader(U8(bytes), bytes.size(), &used);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(used, bytes.size());
  EXPECT_EQ(full->data_page_header->num_values, 7);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto r = format::DecodePageHeader(U8(bytes), cut, &used);
    EXPECT_FALSE(r.ok()) << cut;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), ErrorCode::kDataCorrupted);
    }
  }
}

TEST(ThriftCompactTest, FileMetaDataRoundTrip) {
  format::FileMetaData m;
  m.schema.resize(2);
  m.schema[0].name = "schema";
  m.schema[0].num_children = 1;
  m.schema[1].name = "ts";
  m.schema[1].type = format::Type::kInt64;
  m.schema[1].repetition = format::Repetition::kOptional;
  m.schema[1].logical_type.kind = format::LogicalType::kTimestamp;
  m.schema[1].logical_type.time_unit = 2;
  m.num_rows = 42;
  m.key_value_metadata.push_back({"k", "v"});
  auto& g = m.row_groups.emplace_back();
  g.num_rows = 42;
  auto& c = g.columns.emplace_back();
  auto& md = c.meta_data.emplace();
  md.type = format::Type::kInt64;
  md.encodings = {format::Encoding::kPlain, format::Encoding::kRle};
  md.path_in_schema = {"ts"};
  md.num_values = 42;
  md.data_page_offset = 4;
  md.statistics.emplace().null_count = 3;
  m.num_type_ordered_columns = 1;
  std::string bytes = format::EncodeFileMetaData(m);
  auto back = format::DecodeFileMetaData(U8(bytes), bytes.size());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->num_rows, 42);
  ASSERT_EQ(back->schema.size(), 2u);
  EXPECT_EQ(back->schema[1].logical_type.kind, format::LogicalType::kTimestamp);
  EXPECT_EQ(back->schema[1].logical_type.time_unit, 2);
  ASSERT_EQ(back->row_groups.size(), 1u);
  EXPECT_EQ(back->row_groups[0].columns[0].meta_data->statistics->null_count, 3);
  EXPECT_EQ(back->key_value_metadata[0].value, "v");
}

TEST(BitPackingTest, RoundTripAllWidths) {
  std::mt19937_64 rng(7);
  for (int width = 0; width <= 64; ++width) {
    std::vector<uint64_t> v(77);
    for (auto& x : v) {
      x = width == 64 ? rng() : (width == 0 ? 0 : rng() & ((uint64_t{1} << width) - 1));
    }
    std::string packed;
    PackBits(v.data(), static_cast<int64_t>(v.size()), width, &packed);
    EXPECT_EQ(packed.size(), (v.size() * width + 7) / 8);
    std::vector<uint64_t> back(v.size());
    UnpackBits(U8(packed), static_cast<int64_t>(packed.size()), 0, width,
               static_cast<int64_t>(v.size()), back.data());
    EXPECT_EQ(back, v) << "width " << width;
  }
}

TEST(RleHybridTest, RoundTripMixedRuns) {
  std::mt19937 rng(3);
  for (int width : {1, 2, 5, 8, 13, 20, 32}) {
    std::vector<uint32_t> v;
    const uint32_t mask = width == 32 ? ~0u : ((1u << width) - 1);
    for (int run = 0; run < 60; ++run) {
      int len = static_cast<int>(rng() % 30) + 1;
      bool repeat = rng() % 2;
      uint32_t x = rng() & mask;
      for (int i = 0; i < len; ++i) v.push_back(repeat ? x : (rng() & mask));
    }
    std::string enc;
    EncodeRleHybrid(v.data(), static_cast<int64_t>(v.size()), width, &enc);
    RleHybridDecoder dec(U8(enc), static_cast<int64_t>(enc.size()), width);
    std::vector<uint32_t> back(v.size());
    // Decode in uneven pieces.
    size_t pos = 0;
    while (pos < v.size()) {
      size_t k = std::min<size_t>(v.size() - pos, rng() % 17 + 1);
      ASSERT_TRUE(dec.Get(back.data() + pos, static_cast<int64_t>(k)).ok());
      pos += k;
    }
    EXPECT_EQ(back, v) << "width " << width;
  }
}

TEST(RleHybridTest, LongRunIsCompact) {
  std::vector<uint32_t> v(100000, 1);
  std::string enc;
  EncodeRleHybrid(v.data(), static_cast<int64_t>(v.size()), 1, &enc);
  EXPECT_LE(enc.size(), 4u);
}

TEST(DeltaBinaryPackedTest, RoundTrip) {
  std::mt19937_64 rng(11);
  std::vector<std::vector<int64_t>> cases;
  cases.push_back({});
  cases.push_back({5});
  cases.push_back({INT64_MIN, INT64_MAX, 0, -1, INT64_MAX, INT64_MIN});
  std::vector<int64_t> ts;
  int64_t t = 1700000000000;
  for (int i = 0; i < 1000; ++i) ts.push_back(t += 1000 + static_cast<int64_t>(rng() % 7));
  cases.push_back(ts);
  std::vector<int64_t> rnd;
  for (int i = 0; i < 333; ++i) rnd.push_back(static_cast<int64_t>(rng()));
  cases.push_back(rnd);
  for (const auto& v : cases) {
    std::string enc;
    EncodeDeltaBinaryPacked(v.data(), static_cast<int64_t>(v.size()), &enc);
    DeltaBinaryPackedDecoder dec;
    ASSERT_TRUE(dec.Init(U8(enc), static_cast<int64_t>(enc.size())).ok());
    EXPECT_EQ(dec.total_values(), static_cast<int64_t>(v.size()));
    std::vector<int64_t> back(v.size());
    size_t pos = 0;
    while (pos < v.size()) {
      size_t k = std::min<size_t>(v.size() - pos, 50);
      ASSERT_TRUE(dec.Get(back.data() + pos, static_cast<int64_t>(k)).ok());
      pos += k;
    }
    EXPECT_EQ(back, v);
  }
  // Sorted timestamps compress well below 8 bytes a value.
  std::string enc;
  EncodeDeltaBinaryPacked(ts.data(), static_cast<int64_t>(ts.size()), &enc);
  EXPECT_LT(enc.size(), ts.size() * 2);
}

TEST(DeltaBinaryPackedTest, TruncatedIsCorruption) {
  std::vector<int64_t> v;
  for (int i = 0; i < 500; ++i) v.push_back(i * i * 1000);
  std::string enc;
  EncodeDeltaBinaryPacked(v.data(), static_cast<int64_t>(v.size()), &enc);
  DeltaBinaryPackedDecoder dec;
  ASSERT_TRUE(dec.Init(U8(enc), static_cast<int64_t>(enc.size() / 2)).ok());
  std::vector<int64_t> back(v.size());
  EXPECT_EQ(dec.Get(back.data(), static_cast<int64_t>(v.size())).code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace copra::parquet
