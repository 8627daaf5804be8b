// information_schema and the system-schema resolution in Catalog, through
// SQL.
#include "catalog/information_schema.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "engine/sql_test_fixture.h"

namespace copra {
namespace {

class InformationSchemaTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    Exec(
        "CREATE TABLE cpu (host STRING, region STRING DEFAULT 'eu', ts TIMESTAMP TIME INDEX, "
        "usage DOUBLE NOT NULL, PRIMARY KEY (host, region))");
    Exec("CREATE DATABASE other");
    Exec("CREATE TABLE other.mem (ts TIMESTAMP(6) TIME INDEX, free BIGINT)");
  }
};

TEST_F(InformationSchemaTest, Tables) {
  EXPECT_EQ(
      Query("SELECT table_catalog, table_schema, table_name, table_type, engine, "
            "is_insertable_into FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' ORDER BY table_schema, table_name"),
      (Rows{"copra|other|mem|BASE TABLE|memory|YES", "copra|public|cpu|BASE TABLE|memory|YES"}));
  // System tables are listed too: numbers in every database, the schemas'
  // own tables once.
  EXPECT_EQ(Query("SELECT table_schema, table_type FROM information_schema.tables "
                  "WHERE table_name = 'numbers' ORDER BY 1"),
            (Rows{"other|SYSTEM VIEW", "public|SYSTEM VIEW"}));
  EXPECT_EQ(Query("SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = 'information_schema' ORDER BY 1"),
            (Rows{"columns", "schemata", "tables"}));
}

TEST_F(InformationSchemaTest, TablesSeeLaterDdl) {
  const std::string sql =
      "SELECT count(*) FROM information_schema.tables WHERE table_type = 'BASE TABLE'";
  EXPECT_EQ(Query(sql), Rows{"2"});
  Exec("CREATE TABLE t2 (a BIGINT)");
  EXPECT_EQ(Query(sql), Rows{"3"});
  Exec("DROP TABLE cpu");
  EXPECT_EQ(Query(sql), Rows{"2"});
}

TEST_F(InformationSchemaTest, Columns) {
  EXPECT_EQ(Query("SELECT column_name, ordinal_position, data_type, is_nullable, column_default, "
                  "semantic_type, column_type, udt_name, datetime_precision "
                  "FROM information_schema.columns WHERE table_name = 'cpu' "
                  "ORDER BY ordinal_position"),
            (Rows{"host|1|text|YES|NULL|TAG|STRING|text|NULL",
                  "region|2|text|YES|'eu'|TAG|STRING|text|NULL",
                  "ts|3|timestamp without time zone|NO|NULL|TIMESTAMP|TIMESTAMP(3)|timestamp|3",
                  "usage|4|double precision|NO|NULL|FIELD|DOUBLE|float8|NULL"}));
  EXPECT_EQ(Query("SELECT table_schema, column_name, column_type FROM information_schema.columns "
                  "WHERE table_name = 'mem' ORDER BY ordinal_position"),
            (Rows{"other|ts|TIMESTAMP(6)", "other|free|BIGINT"}));
}

TEST_F(InformationSchemaTest, Schemata) {
  EXPECT_EQ(Query("SELECT catalog_name, schema_name FROM information_schema.schemata ORDER BY 2"),
            (Rows{"copra|information_schema", "copra|other", "copra|pg_catalog", "copra|public"}));
}

TEST_F(InformationSchemaTest, JoinsWithUserTables) {
  EXPECT_EQ(Query("SELECT t.table_name, count(*) FROM information_schema.tables t "
                  "JOIN information_schema.columns c ON t.table_schema = c.table_schema "
                  "AND t.table_name = c.table_name WHERE t.table_type = 'BASE TABLE' "
                  "GROUP BY t.table_name ORDER BY 1"),
            (Rows{"cpu|4", "mem|2"}));
}

TEST_F(InformationSchemaTest, Resolution) {
  // Must be qualified (not on the search path)...
  EXPECT_NE(Error("SELECT * FROM schemata").find("does not exist"), std::string::npos);
  // ...from any database.
  Exec("USE other");
  EXPECT_EQ(Query("SELECT count(*) FROM information_schema.schemata"), Rows{"4"});
  std::string err = Error("SELECT * FROM information_schema.tabels");
  EXPECT_NE(err.find("table \"information_schema.tabels\" does not exist"), std::string::npos)
      << err;
  EXPECT_NE(err.find("did you mean \"tables\""), std::string::npos) << err;
}

TEST_F(InformationSchemaTest, ReadOnly) {
  EXPECT_NE(Error("DROP TABLE information_schema.tables").find("cannot drop system table"),
            std::string::npos);
  EXPECT_NE(Error("CREATE TABLE information_schema.x (a BIGINT)").find("system schema"),
            std::string::npos);
  EXPECT_NE(Error("CREATE DATABASE information_schema").find("system schema"), std::string::npos);
  EXPECT_NE(Error("INSERT INTO information_schema.tables VALUES ('a', 'b', 'c', 'd', 'e', 'f')"),
            "no error");
}

TEST(CatalogSystemSchemaTest, RegisterAndList) {
  Catalog catalog;
  RegisterInformationSchema(&catalog);
  EXPECT_TRUE(catalog.IsSystemSchema("information_schema"));
  EXPECT_FALSE(catalog.IsSystemSchema("public"));
  EXPECT_EQ(catalog.ListSystemSchemas(), std::vector<std::string>{"information_schema"});
  EXPECT_EQ(catalog.ListSystemTables("information_schema").size(), 3u);
  EXPECT_TRUE(catalog.GetTable("information_schema", "columns").ok());
  EXPECT_FALSE(catalog.GetTable("public", "columns").ok());
  // SHOW TABLES lists user tables only.
  EXPECT_TRUE(catalog.ListTables("public").empty());
}

}  // namespace
}  // namespace copra
