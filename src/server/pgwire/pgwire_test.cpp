// Unit tests of the wire protocol's pure pieces: framing, startup packets,
// error positions, value encoders and parameter decoders, cursor commands.
#include <gtest/gtest.h>

#include "server/pgwire/cursor_command.h"
#include "server/pgwire/error_response.h"
#include "server/pgwire/message_reader.h"
#include "server/pgwire/message_writer.h"
#include "server/pgwire/parameter_decoder.h"
#include "server/pgwire/pg_numeric.h"
#include "server/pgwire/pg_protocol.h"
#include "server/pgwire/startup_packet.h"
#include "server/pgwire/value_encoder.h"
#include "vector/column_builder.h"

namespace copra::pgwire {
namespace {

std::string Be32(int32_t v) {
  std::string s;
  AppendInt32(&s, v);
  return s;
}

TEST(MessageWriterTest, FramesMessagesWithLength) {
  MessageWriter w;
  w.Begin('Z');
  w.Byte('I');
  w.End();
  EXPECT_EQ(w.data(), std::string("Z\0\0\0\5I", 6));
  w.Clear();
  w.Begin('C');
  w.CString("SELECT 1");
  w.End();
  EXPECT_EQ(w.data().size(), 1u + 4 + 9);
  EXPECT_EQ(w.data().substr(1, 4), Be32(13));
}

TEST(MessageReaderTest, RejectsTruncatedAndUnterminated) {
  std::string body = Be32(7) + std::string("ab", 2);
  MessageReader r(body, "Bind");
  EXPECT_EQ(*r.Int32(), 7);
  Result<std::string_view> s = r.CString();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kProtocolViolation);
  EXPECT_NE(s.status().message().find("invalid Bind message"), std::string::npos);
  MessageReader r2(std::string_view("\x01", 1), "Parse");
  EXPECT_FALSE(r2.Int16().ok());
  MessageReader r3(std::string_view("abc", 3), "Bind");
  EXPECT_FALSE(r3.Bytes(-5).ok());
  EXPECT_FALSE(r3.Bytes(4).ok());
  EXPECT_EQ(*r3.Bytes(3), "abc");
  EXPECT_TRUE(r3.ExpectEnd().ok());
}

TEST(StartupPacketTest, DecodesStartupSslAndCancel) {
  std::string body = Be32(kProtocolVersion3) + std::string("user\0copra\0database\0public\0\0", 28);
  Result<StartupPacket> p = ParseStartupPacket(body);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->kind, StartupPacket::Kind::kStartup);
  EXPECT_EQ(p->params.at("user"), "copra");
  EXPECT_EQ(p->params.at("database"), "public");

  p = ParseStartupPacket(Be32(kSslRequestCode));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, StartupPacket::Kind::kSslRequest);

  p = ParseStartupPacket(Be32(kCancelRequestCode) + Be32(1234) + Be32(-99));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, StartupPacket::Kind::kCancel);
  EXPECT_EQ(p->process_id, 1234);
  EXPECT_EQ(p->secret_key, -99);

  p = ParseStartupPacket(Be32(2 << 16));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("unsupported frontend protocol 2.0"), std::string::npos);
  // No user, unterminated parameters.
  EXPECT_FALSE(ParseStartupPacket(Be32(kProtocolVersion3) + std::string("\0", 1)).ok());
  EXPECT_FALSE(ParseStartupPacket(Be32(kProtocolVersion3) + "user").ok());
}

TEST(ErrorResponseTest, CharacterPositionCountsUtf8Characters) {
  EXPECT_EQ(CharacterPosition("SELECT x", SourcePosition{1, 8, 7}), 8);
  // Line 2, column 3; "é" is two bytes but one character.
  EXPECT_EQ(CharacterPosition("SELECT 'é',\n  bad", SourcePosition{2, 3, 16}), 15);
  EXPECT_EQ(CharacterPosition("SELECT 1", SourcePosition{}), 0);
  EXPECT_EQ(CharacterPosition("SELECT 1", SourcePosition{5, 1, -1}), 0);
}

TEST(ErrorResponseTest, CarriesSqlstateAndPosition) {
  MessageWriter w;
  WriteErrorResponse(w, Status::SyntaxError("bad", SourcePosition{1, 3, 2}), "ab cd");
  const std::string& d = w.data();
  EXPECT_EQ(d[0], 'E');
  EXPECT_NE(d.find(std::string("C42601\0", 7)), std::string::npos);
  EXPECT_NE(d.find(std::string("Mbad\0", 5)), std::string::npos);
  EXPECT_NE(d.find(std::string("P3\0", 3)), std::string::npos);
}

TEST(PgNumericTest, RoundTripsDecimalText) {
  for (const char* text :
       {"0", "1", "-1", "12345678", "18446744073709551615", "0.5", "-12.3400", "10000", "0.0001"}) {
    std::string bin;
    AppendNumericBinary(text, &bin);
    Result<std::string> back = NumericBinaryToText(bin);
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(*back, text);
  }
  EXPECT_FALSE(NumericBinaryToText("\x00\x01").ok());
}

TEST(ValueEncoderTest, TextAndBinaryForms) {
  ColumnBuilder b(LogicalType::Boolean());
  ASSERT_TRUE(b.AppendValue(Value::Boolean(true)).ok());
  ColumnPtr col = b.Finish();
  std::string out;
  AppendTextValue(*col, 0, &out);
  EXPECT_EQ(out, "t");
  out.clear();
  AppendBinaryValue(*col, 0, &out);
  EXPECT_EQ(out, std::string("\x01", 1));

  ColumnBuilder ts(LogicalType::Timestamp(TimeUnit::kMillisecond));
  ASSERT_TRUE(ts.AppendValue(Value::Timestamp(946684800123, TimeUnit::kMillisecond)).ok());
  ColumnPtr tcol = ts.Finish();
  out.clear();
  AppendTextValue(*tcol, 0, &out);
  EXPECT_EQ(out, "2000-01-01 00:00:00.123");
  out.clear();
  AppendBinaryValue(*tcol, 0, &out);  // microseconds since 2000-01-01
  std::string expect;
  AppendInt64(&expect, 123000);
  EXPECT_EQ(out, expect);

  ColumnBuilder bin(LogicalType::Binary());
  ASSERT_TRUE(bin.AppendValue(Value::Binary(std::string("\x01\xff", 2))).ok());
  ColumnPtr bcol = bin.Finish();
  out.clear();
  AppendTextValue(*bcol, 0, &out);
  EXPECT_EQ(out, "\\x01ff");
}

TEST(ParameterDecoderTest, TextAndBinary) {
  Result<Value> v = DecodeParameter(1, 20, kTextFormat, std::string_view("42"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Value::Int64(42));
  std::string be;
  AppendInt64(&be, -7);
  v = DecodeParameter(1, 20, kBinaryFormat, std::string_view(be));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Value::Int64(-7));
  // Undeclared text stays a string (a string literal to the engine).
  v = DecodeParameter(2, 0, kTextFormat, std::string_view("abc"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Value::String("abc"));
  // NULL of a declared type.
  v = DecodeParameter(1, 23, kTextFormat, std::nullopt);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->is_null());
  EXPECT_EQ(v->type(), LogicalType::Int32());
  // Wrong binary width and bad text name the parameter.
  v = DecodeParameter(3, 23, kBinaryFormat, std::string_view("\x01\x02", 2));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("$3"), std::string::npos);
  v = DecodeParameter(1, 20, kTextFormat, std::string_view("x1"));
  ASSERT_FALSE(v.ok());
  v = DecodeParameter(1, 17, kTextFormat, std::string_view("\\x6869"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, Value::Binary("hi"));
  v = DecodeParameter(1, 0, kBinaryFormat, std::string_view("x"));
  EXPECT_FALSE(v.ok());
}

TEST(CursorCommandTest, ParsesDeclareFetchMoveClose) {
  auto c = ParseCursorCommand("DECLARE \"c1\" BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->name, "c1");
  EXPECT_TRUE((*c)->binary);
  EXPECT_TRUE((*c)->with_hold);
  EXPECT_EQ((*c)->query.find_first_not_of(' '),
            std::string("DECLARE \"c1\" BINARY NO SCROLL CURSOR WITH HOLD FOR ").size());

  c = ParseCursorCommand("FETCH FORWARD 10 FROM c1;");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->kind, CursorCommand::Kind::kFetch);
  EXPECT_EQ((*c)->count, 10);
  c = ParseCursorCommand("fetch all in c1");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_TRUE((*c)->all);
  c = ParseCursorCommand("MOVE 3 FROM c1");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->kind, CursorCommand::Kind::kMove);
  c = ParseCursorCommand("CLOSE ALL");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_TRUE((*c)->all);

  c = ParseCursorCommand("DEALLOCATE PREPARE s1");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->kind, CursorCommand::Kind::kDeallocate);
  EXPECT_EQ((*c)->name, "s1");
  c = ParseCursorCommand("deallocate all");
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_TRUE((*c)->all);

  c = ParseCursorCommand("SELECT 1");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());
  EXPECT_FALSE(ParseCursorCommand("FETCH BACKWARD 1 FROM c").ok());
  EXPECT_FALSE(ParseCursorCommand("DECLARE c FOR SELECT 1").ok());
  EXPECT_FALSE(ParseCursorCommand("FETCH 1 FROM c extra").ok());
}

}  // namespace
}  // namespace copra::pgwire
