#include <gtest/gtest.h>

#include "function/function_test_util.h"
#include "function/utf8.h"

namespace copra {
namespace {

using namespace test;  // NOLINT

const LogicalType kStr = LogicalType::String();
const LogicalType kI64 = LogicalType::Int64();

TEST(Utf8Test, Basics) {
  EXPECT_EQ(utf8::CountChars("héllo 日本"), 8);
  EXPECT_EQ(utf8::SkipChars("héllo", 2), 3u);
  EXPECT_EQ(utf8::SkipChars("ab", 5), 2u);
  std::string out;
  utf8::AppendUpper("straße ÿ é ω ı", &out);
  EXPECT_EQ(out, "STRAßE Ÿ É Ω I");
  out.clear();
  utf8::AppendLower("ÀÉÎ ΣΩ Д", &out);
  EXPECT_EQ(out, "àéî σω д");
  out.clear();
  utf8::AppendLower(std::string("A\xff" "B", 3), &out);  // invalid byte kept
  EXPECT_EQ(out, std::string("a\xff" "b", 3));
}

TEST(StringTest, Lengths) {
  Datum s = Col(kStr, {S("hello"), S("héllo"), S(""), Null(), S("日本語")});
  EXPECT_EQ(Apply("length", {s}), (Strs{"5", "5", "0", "NULL", "3"}));
  EXPECT_EQ(Apply("char_length", {s}), (Strs{"5", "5", "0", "NULL", "3"}));
  EXPECT_EQ(Apply("character_length", {s}), (Strs{"5", "5", "0", "NULL", "3"}));
  EXPECT_EQ(Apply("octet_length", {s}), (Strs{"5", "6", "0", "NULL", "9"}));
  EXPECT_EQ(Eval("length", {Bin("ab\xc3\xa9")}), "4");
}

TEST(StringTest, Case) {
  EXPECT_EQ(Apply("upper", {Col(kStr, {S("abc"), S("éa"), Null()})}), (Strs{"ABC", "ÉA", "NULL"}));
  EXPECT_EQ(Eval("lower", {S("HeLLo WÖRLD")}), "hello wörld");
  EXPECT_EQ(Eval("reverse", {S("abc日本")}), "本日cba");
}

TEST(StringTest, Substr) {
  EXPECT_EQ(Eval("substr", {S("hello"), I64(2)}), "ello");
  EXPECT_EQ(Eval("substr", {S("hello"), I64(2), I64(3)}), "ell");
  EXPECT_EQ(Eval("substring", {S("hello"), I32(0), I32(3)}), "he");
  EXPECT_EQ(Eval("substr", {S("hello"), I64(-5), I64(3)}), "");
  EXPECT_EQ(Eval("substr", {S("hello"), I64(4), I64(100)}), "lo");
  EXPECT_EQ(Eval("substr", {S("hello"), I64(9)}), "");
  EXPECT_EQ(Eval("substr", {S("héllo wörld"), I64(2), I64(4)}), "éllo");
  EXPECT_EQ(Eval("substr", {S("日本語テキスト"), I64(3)}), "語テキスト");
  EXPECT_EQ(Eval("substr", {S("hello"), I64(1), I64(-1)}),
            "ERROR invalid_parameter_value: negative substring length not allowed");
  // Per-row arguments, NULLs, and no error for a NULL row's bad length.
  Datum s = Col(kStr, {S("abcdef"), S("xyz"), Null(), S("q")});
  Datum start = Col(kI64, {I64(2), I64(3), I64(1), Null()});
  EXPECT_EQ(Apply("substr", {s, start, Col(kI64, {I64(2), I64(5), I64(-1), I64(-1)})}),
            (Strs{"bc", "z", "NULL", "NULL"}));
  EXPECT_EQ(Apply("substr", {s, Lit(I64(2))}), (Strs{"bcdef", "yz", "NULL", ""}));
}

TEST(StringTest, LeftRightPositions) {
  EXPECT_EQ(Eval("left", {S("héllo"), I64(2)}), "hé");
  EXPECT_EQ(Eval("left", {S("héllo"), I64(-2)}), "hél");
  EXPECT_EQ(Eval("right", {S("héllo"), I64(4)}), "éllo");
  EXPECT_EQ(Eval("right", {S("héllo"), I64(-1)}), "éllo");
  EXPECT_EQ(Eval("left", {S("ab"), I64(-5)}), "");
  EXPECT_EQ(Eval("strpos", {S("héllo"), S("llo")}), "3");
  EXPECT_EQ(Eval("position", {S("hello"), S("z")}), "0");
  EXPECT_EQ(Eval("strpos", {S("hello"), S("")}), "1");
  EXPECT_EQ(Apply("starts_with", {Col(kStr, {S("abc"), S("xbc"), Null()}), Lit(S("ab"))}),
            (Strs{"true", "false", "NULL"}));
  EXPECT_EQ(Eval("ends_with", {S("abc"), S("bc")}), "true");
}

TEST(StringTest, Concat) {
  Datum a = Col(kStr, {S("a"), Null(), S("c")});
  Datum b = Col(kStr, {S("x"), S("y"), Null()});
  EXPECT_EQ(Apply("concat", {a, Lit(S("-")), b}), (Strs{"a-x", "-y", "c-"}));
  EXPECT_EQ(Eval("concat", {Null(kStr), Null(kStr)}), "");
  EXPECT_EQ(Eval("concat", {S("only")}), "only");
  EXPECT_EQ(Apply("concat_ws", {Lit(S(",")), a, b, Lit(S("z"))}), (Strs{"a,x,z", "y,z", "c,z"}));
  EXPECT_EQ(Apply("concat_ws", {Col(kStr, {Null(), S("/")}), Lit(S("p")), Lit(S("q"))}),
            (Strs{"NULL", "p/q"}));
}

TEST(StringTest, Trim) {
  EXPECT_EQ(Eval("trim", {S("  hi  ")}), "hi");
  EXPECT_EQ(Eval("btrim", {S("xxhixyx"), S("xy")}), "hi");
  EXPECT_EQ(Eval("ltrim", {S("  hi  ")}), "hi  ");
  EXPECT_EQ(Eval("rtrim", {S("  hi  ")}), "  hi");
  EXPECT_EQ(Eval("btrim", {S("éàhiàé"), S("éà")}), "hi");
  EXPECT_EQ(Eval("rtrim", {S("hié"), S("e")}), "hié");  // é is not e
  EXPECT_EQ(Eval("btrim", {S("aaa"), S("a")}), "");
  EXPECT_EQ(Apply("rtrim", {Col(kStr, {S("ab.."), S("c-")}), Col(kStr, {S("."), S("-")})}),
            (Strs{"ab", "c"}));
}

TEST(StringTest, ReplaceSplitRepeatPad) {
  EXPECT_EQ(Eval("replace", {S("abcabc"), S("b"), S("XY")}), "aXYcaXYc");
  EXPECT_EQ(Eval("replace", {S("abc"), S(""), S("X")}), "abc");
  EXPECT_EQ(Eval("replace", {S("aaa"), S("aa"), S("b")}), "ba");
  EXPECT_EQ(Eval("split_part", {S("a,b,c"), S(","), I64(2)}), "b");
  EXPECT_EQ(Eval("split_part", {S("a,b,c"), S(","), I64(4)}), "");
  EXPECT_EQ(Eval("split_part", {S("a,b,c"), S(","), I64(-1)}), "c");
  EXPECT_EQ(Eval("split_part", {S("a,b,c"), S(","), I64(-3)}), "a");
  EXPECT_EQ(Eval("split_part", {S("a,b,c"), S(","), I64(-4)}), "");
  EXPECT_EQ(Eval("split_part", {S("a::b"), S("::"), I64(2)}), "b");
  EXPECT_EQ(Eval("split_part", {S("abc"), S(""), I64(1)}), "abc");
  EXPECT_EQ(Eval("split_part", {S("abc"), S(","), I64(0)}),
            "ERROR invalid_parameter_value: field position must not be zero");
  EXPECT_EQ(Eval("repeat", {S("ab"), I64(3)}), "ababab");
  EXPECT_EQ(Eval("repeat", {S("ab"), I64(-1)}), "");
  EXPECT_EQ(Eval("repeat", {S("ab"), I64(int64_t{1} << 40)}),
            "ERROR string_data_right_truncation: requested length too large");
  EXPECT_EQ(Eval("lpad", {S("hi"), I64(5)}), "   hi");
  EXPECT_EQ(Eval("lpad", {S("hi"), I64(5), S("xy")}), "xyxhi");
  EXPECT_EQ(Eval("rpad", {S("hi"), I64(6), S("é")}), "hiéééé");
  EXPECT_EQ(Eval("lpad", {S("hello"), I64(2)}), "he");
  EXPECT_EQ(Eval("rpad", {S("hello"), I64(-1)}), "");
  EXPECT_EQ(Eval("lpad", {S("hi"), I64(5), S("")}), "hi");
}

TEST(StringTest, ScalarAndFlatShapes) {
  Datum s = Col(kStr, {S("ab"), S("cd")});
  auto r = Call("upper", {s});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->is_scalar);
  r = Call("upper", {Lit(S("ab"))});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_scalar);
  EXPECT_EQ(Apply("replace", {Lit(S("a-b")), Lit(S("-")), s}), (Strs{"aabb", "acdb"}));
}

}  // namespace
}  // namespace copra
