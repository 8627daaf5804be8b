// Session::Prepare / ExecutePrepared / DescribePrepared: $n parameters.
#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/session.h"

namespace copra {
namespace {

TEST(SessionPrepareTest, ParametersBindAsConstants) {
  auto db = Database::Open(DatabaseOptions{""});
  ASSERT_TRUE(db.ok());
  std::unique_ptr<Session> session = (*db)->Connect();
  auto prepared = session->Prepare("SELECT $1 + 1 AS x, $2 AS s");
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_EQ((*prepared)->parameter_count, 2);
  EXPECT_TRUE((*prepared)->returns_rows());
  auto schema =
      session->DescribePrepared(**prepared, {LogicalType::Int64(), LogicalType::String()});
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_NE(*schema, nullptr);
  EXPECT_EQ((*schema)->field(0).name, "x");
  auto result = session->ExecutePrepared(**prepared, {Value::Int64(41), Value::String("hi")});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto batches = (*result)->FetchAll();
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ((*batches)[0]->column(0)->GetValue(0), Value::Int64(42));
  EXPECT_EQ((*batches)[0]->column(1)->GetValue(0), Value::String("hi"));
  // A missing value is an error naming the parameter.
  result = session->ExecutePrepared(**prepared, {Value::Int64(1)});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("$2"), std::string::npos);
  // Several statements cannot be prepared; the empty query can.
  EXPECT_FALSE(session->Prepare("SELECT 1; SELECT 2").ok());
  auto empty = session->Prepare(" ; ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE((*empty)->empty());
  EXPECT_EQ(CountParameters("SELECT '$5', $3, ?"), 3);
}

}  // namespace
}  // namespace copra
