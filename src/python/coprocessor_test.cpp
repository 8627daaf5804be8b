// Coprocessor compile/call, vector zero-copy, conversions.
#include "python/coprocessor.h"

#include <gtest/gtest.h>

#include "vector/column_builder.h"

namespace copra {
namespace {

ColumnPtr Doubles(const std::vector<double>& values) {
  ColumnBuilder b(LogicalType::Float64());
  for (double v : values) b.Append(v);
  return b.Finish();
}

TEST(CoprocessorTest, CompileReadsTheDecorator) {
  auto c = Coprocessor::Compile("s", R"(
import math
LIMIT = 5
def helper(x):
    return x
@coprocessor(args=["a", "b"], sql="select a, b from t", returns=["x", "y"], backend="rspy")
def f(a: vector[f64], b: vector[i64 | None], **kw) -> (vector[f64], vector[str | None]):
    return a, b
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const Coprocessor& copr = **c;
  EXPECT_EQ(copr.function_name(), "f");
  EXPECT_TRUE(copr.has_sql());
  EXPECT_EQ(copr.sql(), "select a, b from t");
  EXPECT_EQ(copr.args(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(copr.returns().size(), 2u);
  EXPECT_EQ(copr.returns()[0].name, "x");
  EXPECT_EQ(*copr.returns()[0].type, LogicalType::Float64());
  EXPECT_FALSE(copr.returns()[0].nullable);
  EXPECT_EQ(*copr.returns()[1].type, LogicalType::String());
  EXPECT_TRUE(copr.returns()[1].nullable);
  ASSERT_EQ(copr.params().size(), 2u);
  EXPECT_EQ(*copr.params()[1].type, LogicalType::Int64());
  EXPECT_TRUE(copr.accepts_kwargs());
  EXPECT_EQ(copr.backend(), "rspy");
  EXPECT_EQ(copr.notices().size(), 1u);
}

TEST(CoprocessorTest, ErrorsNameTheLine) {
  auto c = Coprocessor::Compile("s",
                                "\n\n@copr(returns=['a'])\ndef f():\n  return 1\n"
                                "@copr(returns=['b'])\ndef g():\n  return 2\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("found 2 (lines 3, 6)"), std::string::npos)
      << c.status().message();
  EXPECT_EQ(c.status().code(), ErrorCode::kPythonError);
  auto top = Coprocessor::Compile("s", "print('x')\n@copr(returns=['a'])\ndef f():\n  return 1\n");
  ASSERT_FALSE(top.ok());
  EXPECT_NE(top.status().message().find("line 1"), std::string::npos) << top.status().message();
}

TEST(CoprocessorTest, NumericVectorsShareTheColumnsMemory) {
  auto c = Coprocessor::Compile("addr", R"(
kept = []
@copr(args=["x"], returns=["addr", "writable", "kept_sum"])
def f(x) -> (vector[u64], vector[bool], vector[f64]):
    arr = x.numpy()
    if len(arr):
        kept.append(arr)
    addr = arr.__array_interface__["data"][0] if len(arr) else 0
    return addr, bool(arr.flags.writeable), float(kept[0].sum())
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ColumnPtr col = Doubles({1.5, 2.5, 3.5});
  uint64_t address = reinterpret_cast<uint64_t>(col->data<double>());
  auto out = (*c)->Call({col}, 3, {}, CoprocessorContext{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0]->length(), 3);
  EXPECT_EQ((*out)[0]->GetValue(0).GetUInt64(), address);
  EXPECT_FALSE((*out)[1]->GetValue(0).GetBool());

  // The numpy view keeps the column's memory alive after C++ drops it.
  col.reset();
  auto later = (*c)->Call({Doubles({})}, -1, {}, CoprocessorContext{});
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ((*later)[2]->GetValue(0).GetDouble(), 7.5);
}

TEST(CoprocessorTest, ReturnConversions) {
  auto c = Coprocessor::Compile("conv", R"(
import numpy as np
@copr(args=["x"], returns=["a", "b", "c", "d"])
def f(x) -> (vector[i32], vector[f64 | None], vector[str], vector[bool]):
    return np.arange(len(x)), [1.0, None, 3.0], "k", x > 2
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto out = (*c)->Call({Doubles({1, 2, 3})}, 3, {}, CoprocessorContext{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0]->type(), LogicalType::Int32());
  EXPECT_EQ((*out)[0]->ToString(), "[0, 1, 2]");
  EXPECT_EQ((*out)[1]->ToString(), "[1, NULL, 3]");
  EXPECT_EQ((*out)[2]->ToString(), "['k', 'k', 'k']");
  EXPECT_EQ((*out)[3]->ToString(), "[false, false, true]");
}

TEST(CoprocessorTest, NullsNeedAnOptionalAnnotation) {
  auto c = Coprocessor::Compile("n", R"(
@copr(args=["x"], returns=["y"])
def f(x: vector[f64]) -> vector[f64]:
    return x
)");
  ASSERT_TRUE(c.ok());
  ColumnBuilder b(LogicalType::Float64());
  b.Append(1.0);
  b.AppendNull();
  auto out = (*c)->Call({b.Finish()}, 2, {}, CoprocessorContext{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), ErrorCode::kNotNullViolation);
  EXPECT_NE(out.status().message().find("vector[f64 | None]"), std::string::npos);
}

TEST(CoprocessorTest, KwargsAreStrings) {
  auto c = Coprocessor::Compile("kw", R"(
@copr(returns=["v"])
def f(**p) -> vector[str]:
    return ",".join(sorted(k + "=" + v + ":" + type(v).__name__ for k, v in p.items()))
)");
  ASSERT_TRUE(c.ok());
  auto out = (*c)->Call({}, -1, {{"a", "1"}, {"b", "x"}}, CoprocessorContext{});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0]->ToString(), "['a=1:str,b=x:str']");
}

}  // namespace
}  // namespace copra
