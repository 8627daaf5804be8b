#include "common/status.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  COPRA_ASSIGN_OR_RETURN(*out, Half(x));
  return Status::OK();
}

TEST(StatusTest, OkIsCheapAndEmpty) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kOk);
  EXPECT_STREQ(s.sqlstate(), "00000");
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, SyntaxErrorCarriesPositionAndSqlState) {
  Status s = Status::SyntaxError("unexpected ')'", SourcePosition{2, 7, 15});
  EXPECT_FALSE(s.ok());
  EXPECT_STREQ(s.sqlstate(), "42601");
  EXPECT_EQ(s.position().line, 2);
  EXPECT_EQ(s.position().column, 7);
  EXPECT_EQ(s.ToString(), "ERROR: unexpected ')' at line 2, column 7");
}

TEST(StatusTest, WithPositionKeepsExistingPosition) {
  Status s = Status::TypeMismatch("bad").WithPosition({1, 3, 2});
  EXPECT_EQ(s.position().column, 3);
  EXPECT_EQ(s.WithPosition({5, 5, 5}).position().line, 1);
  EXPECT_EQ(s.WithPrefix("x: ").message(), "x: bad");
}

TEST(ResultTest, ValueAndErrorPropagate) {
  int out = 0;
  EXPECT_TRUE(UseHalf(8, &out).ok());
  EXPECT_EQ(out, 4);
  Status st = UseHalf(3, &out);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "odd");
}

TEST(ResultTest, OkStatusIsNotAValue) {
  Result<int> r{Status::OK()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace copra
