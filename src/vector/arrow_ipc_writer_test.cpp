// Arrow IPC stream framing and FlatBuffers layout. (The e2e test
// tests/e2e/test_http_sql.py reads whole streams with an independent reader.)
#include "vector/arrow_ipc_writer.h"

#include <gtest/gtest.h>

#include <cstring>

#include "vector/column_builder.h"
#include "vector/flatbuffer_builder.h"

namespace copra {
namespace {

uint32_t U32(const std::string& s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

TEST(FlatBufferBuilderTest, TableWithScalarsStringAndVector) {
  auto child = fb::MakeTable();
  child->Int32(0, 7);
  fb::Table root;
  root.Int16(0, 4).String(1, "abc").Int64(2, -5).Children(3, {child});
  std::string buf = fb::Finish(root);
  ASSERT_EQ(buf.size() % 8, 0u);
  uint32_t table = U32(buf, 0);
  EXPECT_EQ(table % 8, 0u);
  int32_t soffset;
  std::memcpy(&soffset, buf.data() + table, 4);
  size_t vtable = table - static_cast<size_t>(soffset);
  uint16_t vt_size, slot_string;
  std::memcpy(&vt_size, buf.data() + vtable, 2);
  EXPECT_EQ(vt_size, 4 + 2 * 4);
  std::memcpy(&slot_string, buf.data() + vtable + 4 + 2 * 1, 2);
  size_t field = table + slot_string;
  size_t str = field + U32(buf, field);
  EXPECT_EQ(U32(buf, str), 3u);
  EXPECT_EQ(buf.substr(str + 4, 4), std::string("abc\0", 4));
  uint16_t slot_long;
  std::memcpy(&slot_long, buf.data() + vtable + 4 + 2 * 2, 2);
  int64_t v;
  std::memcpy(&v, buf.data() + table + slot_long, 8);
  EXPECT_EQ(v, -5);
  EXPECT_EQ((table + slot_long) % 8, 0u);
}

TEST(ArrowIpcStreamWriterTest, FramesMessagesAndEndsTheStream) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{{"x", LogicalType::Int64()}});
  ColumnBuilder b(LogicalType::Int64());
  for (int64_t i = 0; i < 3; ++i) b.Append<int64_t>(i);
  BatchPtr batch = Batch::Make(schema, {b.Finish()}, 3);
  std::string out;
  ArrowIpcStreamWriter w(&out);
  w.WriteSchema(*schema);
  w.WriteBatch(*batch->Slice(1, 2));
  w.Finish();
  size_t pos = 0;
  int messages = 0;
  while (true) {
    ASSERT_LE(pos + 8, out.size());
    EXPECT_EQ(U32(out, pos), 0xFFFFFFFFu);
    uint32_t meta = U32(out, pos + 4);
    pos += 8;
    if (meta == 0) break;
    EXPECT_EQ(meta % 8, 0u);
    // bodyLength is the Message table's slot 3.
    std::string m = out.substr(pos, meta);
    uint32_t table = U32(m, 0);
    int32_t soffset;
    std::memcpy(&soffset, m.data() + table, 4);
    uint16_t slot;
    std::memcpy(&slot, m.data() + table - soffset + 4 + 2 * 3, 2);
    int64_t body = 0;
    if (slot != 0) std::memcpy(&body, m.data() + table + slot, 8);
    pos += meta + static_cast<size_t>(body);
    ++messages;
    if (messages == 2) {
      EXPECT_EQ(body, 16);  // two int64 values, no validity
      EXPECT_EQ(out.substr(pos - 16, 8), std::string("\1\0\0\0\0\0\0\0", 8));
    }
  }
  EXPECT_EQ(messages, 2);
  EXPECT_EQ(pos, out.size());
}

}  // namespace
}  // namespace copra
