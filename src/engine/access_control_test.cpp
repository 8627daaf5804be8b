// Privileges: GRANT/REVOKE and the checks of engine/access_control.h, run
// through sessions with an authenticated user (as the servers make them).
#include "engine/access_control.h"

#include <gtest/gtest.h>

#include "catalog/user_store.h"
#include "engine/database.h"
#include "engine/session.h"

namespace copra {
namespace {

class AccessControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.data_dir = "";  // in memory
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    root_ = db_->Connect();  // the shell: unrestricted
    Run(*root_, "CREATE DATABASE other");
    Run(*root_, "CREATE TABLE t (ts TIMESTAMP TIME INDEX, v DOUBLE)");
    Run(*root_, "INSERT INTO t VALUES (1, 1.0)");
    Run(*root_, "CREATE TABLE other.o (ts TIMESTAMP TIME INDEX, v DOUBLE)");
    Run(*root_, "CREATE USER admin WITH PASSWORD 'a'");  // the first: a superuser
    Run(*root_, "CREATE USER alice WITH PASSWORD 'b'");
  }

  static void Run(Session& s, const std::string& sql) {
    Status st = s.ExecuteScript(sql, [](QueryResult& r) { return r.FetchAll().status(); });
    ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
  }
  static Status Try(Session& s, const std::string& sql) {
    return s.ExecuteScript(sql, [](QueryResult& r) { return r.FetchAll().status(); });
  }
  static void Denied(Session& s, const std::string& sql) {
    Status st = Try(s, sql);
    EXPECT_EQ(st.code(), ErrorCode::kInsufficientPrivilege) << sql << ": " << st.ToString();
  }
  std::unique_ptr<Session> As(const std::string& user, const std::string& db = "public") {
    std::unique_ptr<Session> s = db_->Connect(db);
    s->set_authenticated_user(user);
    return s;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> root_;
};

TEST_F(AccessControlTest, FirstUserIsSuperuserOthersStartWithNothing) {
  EXPECT_TRUE(db_->users().IsSuperuser("admin"));
  EXPECT_FALSE(db_->users().IsSuperuser("alice"));
  auto alice = As("alice");
  Denied(*alice, "SELECT * FROM t");
  Denied(*alice, "SHOW TABLES");
  Denied(*alice, "INSERT INTO t VALUES (2, 2.0)");
  Denied(*alice, "CREATE USER eve WITH PASSWORD 'x'");
  Denied(*alice, "GRANT READ ON DATABASE public TO alice");
  // Statements that touch no database's objects are allowed.
  Run(*alice, "SELECT 1");
  Run(*alice, "SELECT count(*) FROM information_schema.tables");
  Run(*alice, "SHOW DATABASES");
  // Her own password, but not her attributes.
  Run(*alice, "ALTER USER alice WITH PASSWORD 'c'");
  Denied(*alice, "ALTER USER alice SUPERUSER");
  auto admin = As("admin");
  Run(*admin, "CREATE USER bob WITH PASSWORD 'x'; DROP USER bob; SELECT * FROM other.o");
  // A user dropped while its session is open can do nothing more.
  Run(*admin, "GRANT READ ON DATABASE public TO alice; DROP USER alice");
  Denied(*alice, "SELECT * FROM t");
}

TEST_F(AccessControlTest, ReadWriteAdminLevels) {
  auto admin = As("admin");
  auto alice = As("alice");
  Run(*admin, "GRANT READ ON DATABASE public TO alice");
  Run(*alice, "SELECT * FROM t; SHOW TABLES; DESCRIBE t; SHOW CREATE TABLE t");
  // Allowed (the engine itself only copies to files; pgwire streams STDOUT).
  EXPECT_NE(Try(*alice, "COPY t TO STDOUT").code(), ErrorCode::kInsufficientPrivilege);
  Denied(*alice, "COPY t FROM STDIN");
  Denied(*alice, "INSERT INTO t VALUES (2, 2.0)");
  Denied(*alice, "DELETE FROM t");
  Denied(*alice, "SELECT * FROM other.o");     // another database
  Denied(*alice, "SELECT * FROM t, other.o");  // any table read counts
  Denied(*alice, "SELECT (SELECT count(*) FROM other.o)");

  Run(*admin, "GRANT WRITE ON DATABASE public TO alice");
  Run(*alice, "INSERT INTO t VALUES (2, 2.0); DELETE FROM t WHERE v = 2.0; TRUNCATE t");
  Denied(*alice, "INSERT INTO t SELECT * FROM other.o");  // write here, read there
  Denied(*alice, "CREATE TABLE u (ts TIMESTAMP TIME INDEX)");
  Denied(*alice, "DROP TABLE t");
  Denied(*alice, "COPY t FROM '/etc/passwd'");  // server files: superusers only

  Run(*admin, "GRANT ADMIN ON DATABASE public TO alice");
  Run(*alice, "CREATE TABLE u (ts TIMESTAMP TIME INDEX); DROP TABLE u");
  Denied(*alice, "CREATE TABLE other.u (ts TIMESTAMP TIME INDEX)");
  Denied(*alice, "CREATE DATABASE mine");

  // REVOKE WRITE from an admin leaves read.
  Run(*admin, "REVOKE WRITE ON DATABASE public FROM alice");
  EXPECT_EQ(db_->users().PrivilegeOn("alice", "public"), Privilege::kRead);
  Run(*alice, "SELECT * FROM t");
  Denied(*alice, "INSERT INTO t VALUES (3, 3.0)");
  Run(*admin, "REVOKE ALL PRIVILEGES ON DATABASE public FROM alice");
  Denied(*alice, "SELECT * FROM t");
}

TEST_F(AccessControlTest, AllDatabasesAndErrors) {
  auto admin = As("admin");
  auto alice = As("alice");
  Run(*admin, "GRANT WRITE ON ALL DATABASES TO alice");
  Run(*alice, "INSERT INTO other.o VALUES (1, 1.0); SELECT * FROM t");
  Run(*root_, "CREATE DATABASE later");
  Run(*root_, "CREATE TABLE later.l (ts TIMESTAMP TIME INDEX)");
  Run(*alice, "SELECT * FROM later.l");  // future databases too
  Run(*admin, "REVOKE ALL ON * FROM alice");
  Status st = Try(*alice, "SELECT * FROM t");
  ASSERT_EQ(st.code(), ErrorCode::kInsufficientPrivilege);
  EXPECT_NE(st.message().find("permission denied for database \"public\""), std::string::npos)
      << st.message();
  EXPECT_EQ(st.position().column, 15);  // at the table name

  EXPECT_EQ(Try(*admin, "GRANT READ ON DATABASE nope TO alice").code(),
            ErrorCode::kInvalidDatabase);
  EXPECT_EQ(Try(*admin, "GRANT READ ON DATABASE public TO nobody").code(),
            ErrorCode::kUndefinedObject);
  EXPECT_EQ(Try(*admin, "GRANT SELECT ON DATABASE public TO alice").code(),
            ErrorCode::kSyntaxError);
}

TEST_F(AccessControlTest, ShowGrants) {
  auto admin = As("admin");
  auto alice = As("alice");
  Run(*admin, "GRANT READ ON DATABASE public TO alice; GRANT ADMIN ON DATABASE other TO alice");
  auto rows = [](Session& s, const std::string& sql) {
    auto r = s.Execute(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    auto batches = (*r)->FetchAll();
    std::vector<std::string> out;
    for (const BatchPtr& b : *batches) {
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        out.push_back(b->column(0)->GetValue(i).ToString() + " " +
                      b->column(1)->GetValue(i).ToString() + " " +
                      b->column(2)->GetValue(i).ToString());
      }
    }
    return out;
  };
  EXPECT_EQ(rows(*alice, "SHOW GRANTS"),
            (std::vector<std::string>{"alice other admin", "alice public read"}));
  EXPECT_EQ(
      rows(*admin, "SHOW GRANTS"),
      (std::vector<std::string>{"admin * superuser", "alice other admin", "alice public read"}));
  EXPECT_EQ(rows(*admin, "SHOW GRANTS FOR alice").size(), 2u);
  Denied(*alice, "SHOW GRANTS FOR admin");
}

TEST_F(AccessControlTest, UnrestrictedSessionsAndSuperusersDoEverything) {
  Run(*root_, "GRANT READ ON DATABASE public TO alice; CREATE DATABASE x; DROP DATABASE x");
  Run(*root_, "ALTER USER alice SUPERUSER");
  auto alice = As("alice");
  Run(*alice, "CREATE DATABASE y; CREATE TABLE y.t (ts TIMESTAMP TIME INDEX); DROP DATABASE y");
  Run(*root_, "ALTER USER alice NOSUPERUSER");
  Denied(*alice, "CREATE DATABASE z");
}

}  // namespace
}  // namespace copra
