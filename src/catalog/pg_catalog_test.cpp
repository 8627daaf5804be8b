// pg_catalog through SQL: the columns and joins psql's \dt and \d and the
// drivers' type lookups rely on.
#include "catalog/pg_catalog.h"

#include <gtest/gtest.h>

#include "catalog/catalog_snapshot.h"
#include "catalog/pg_type.h"
#include "engine/sql_test_fixture.h"

namespace copra {
namespace {

class PgCatalogTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    Exec(
        "CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, usage DOUBLE NOT NULL, "
        "n BIGINT DEFAULT 0, PRIMARY KEY (host))");
  }
};

TEST_F(PgCatalogTest, NamespacesAndDatabases) {
  Exec("CREATE DATABASE other");
  EXPECT_EQ(Query("SELECT nspname FROM pg_catalog.pg_namespace ORDER BY 1"),
            (Rows{"information_schema", "other", "pg_catalog", "public"}));
  EXPECT_EQ(Query("SELECT oid FROM pg_namespace WHERE nspname = 'pg_catalog'"), Rows{"11"});
  EXPECT_EQ(Query("SELECT oid FROM pg_namespace WHERE nspname = 'public'"), Rows{"2200"});
  EXPECT_EQ(Query("SELECT datname, encoding FROM pg_database ORDER BY 1"),
            (Rows{"other|6", "public|6"}));
}

// The core of psql's \dt: user tables only.
TEST_F(PgCatalogTest, ListTablesLikePsql) {
  EXPECT_EQ(Query("SELECT n.nspname, c.relname, c.relkind, am.amname "
                  "FROM pg_catalog.pg_class c "
                  "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  "LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam "
                  "WHERE c.relkind IN ('r', 'p', '') AND n.nspname <> 'pg_catalog' "
                  "AND n.nspname <> 'information_schema' ORDER BY 1, 2"),
            (Rows{"public|cpu|r|heap"}));
  EXPECT_EQ(Query("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public'"),
            (Rows{"public|cpu"}));
}

// The core of psql's \d cpu: find the oid, then the columns.
TEST_F(PgCatalogTest, DescribeTableLikePsql) {
  Rows oid = Query(
      "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relname = 'cpu' AND n.nspname = 'public'");
  ASSERT_EQ(oid.size(), 1u);
  EXPECT_EQ(oid[0], std::to_string(RelationOid("public", "cpu")));
  EXPECT_EQ(
      Query("SELECT relnatts, relhasindex, relpersistence FROM pg_class WHERE oid = " + oid[0]),
      (Rows{"4|true|p"}));
  EXPECT_EQ(Query("SELECT a.attname, t.typname, a.attnum, a.attnotnull, a.atthasdef, a.atttypmod "
                  "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                  "WHERE a.attrelid = " +
                  oid[0] +
                  " AND a.attnum > 0 AND NOT a.attisdropped "
                  "ORDER BY a.attnum"),
            (Rows{"host|text|1|false|false|-1", "ts|timestamp|2|true|false|3",
                  "usage|float8|3|true|false|-1", "n|int8|4|false|true|-1"}));
  EXPECT_EQ(Query("SELECT d.adnum, d.adbin FROM pg_attrdef d WHERE d.adrelid = " + oid[0]),
            (Rows{"4|0"}));
}

TEST_F(PgCatalogTest, Types) {
  EXPECT_EQ(Query("SELECT oid, typlen, typcategory, typarray FROM pg_type "
                  "WHERE typname IN ('int8', 'text', 'bool', 'timestamp') ORDER BY oid"),
            (Rows{"16|1|B|1000", "20|8|N|1016", "25|-1|S|1009", "1114|8|D|1115"}));
  EXPECT_EQ(Query("SELECT typname, typelem FROM pg_type WHERE oid = 1007"), Rows{"_int4|23"});
  // Every atttypid refers to a listed type.
  EXPECT_EQ(Query("SELECT count(*) FROM pg_attribute a LEFT JOIN pg_type t "
                  "ON t.oid = a.atttypid WHERE t.oid IS NULL"),
            Rows{"0"});
}

TEST_F(PgCatalogTest, SystemTablesAreNotPlainTables) {
  EXPECT_EQ(Query("SELECT n.nspname, c.relkind FROM pg_class c JOIN pg_namespace n "
                  "ON n.oid = c.relnamespace WHERE c.relname IN ('numbers', 'tables', 'pg_class') "
                  "ORDER BY 1"),
            (Rows{"information_schema|v", "pg_catalog|r", "public|v"}));
}

TEST_F(PgCatalogTest, UnqualifiedAndShadowed) {
  EXPECT_EQ(Query("SELECT count(*) FROM pg_am"), Rows{"3"});
  // A user table of the same name wins over the search path.
  Exec("CREATE TABLE pg_am (x BIGINT)");
  EXPECT_EQ(Query("SELECT count(*) FROM pg_am"), Rows{"0"});
  EXPECT_EQ(Query("SELECT count(*) FROM pg_catalog.pg_am"), Rows{"3"});
}

TEST(PgTypeTest, Mapping) {
  EXPECT_EQ(PgTypeFor(LogicalType::Int64()).oid, 20u);
  EXPECT_EQ(PgTypeFor(LogicalType::Int8()).oid, 21u);
  EXPECT_EQ(PgTypeFor(LogicalType::UInt64()).oid, 1700u);
  EXPECT_EQ(PgTypeFor(LogicalType::String()).oid, 25u);
  EXPECT_EQ(PgFormatType(LogicalType::Timestamp(TimeUnit::kMicrosecond)),
            "timestamp(6) without time zone");
  EXPECT_EQ(PgTypeModifier(LogicalType::Timestamp(TimeUnit::kNanosecond)), -1);
  for (const PgType& t : AllPgTypes()) {
    if (t.array_oid == 0) continue;
    bool found = false;
    for (const PgType& a : AllPgTypes()) found |= a.oid == t.array_oid && a.element_oid == t.oid;
    EXPECT_TRUE(found) << t.name;
  }
}

TEST(CatalogSnapshotTest, StableOids) {
  EXPECT_EQ(SchemaOid("pg_catalog"), 11u);
  EXPECT_EQ(SchemaOid("public"), 2200u);
  EXPECT_GE(RelationOid("public", "cpu"), 16384u);
  EXPECT_LT(RelationOid("public", "cpu"), 0x80000000u);
  EXPECT_EQ(RelationOid("public", "cpu"), RelationOid("public", "cpu"));
  EXPECT_NE(RelationOid("public", "cpu"), RelationOid("other", "cpu"));
  EXPECT_NE(RelationOid("a", "bc"), RelationOid("ab", "c"));
}

}  // namespace
}  // namespace copra
