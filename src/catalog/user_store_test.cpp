// UserStore persistence and SCRAM-SHA-256 verifiers.
#include "catalog/user_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace copra {
namespace {

TEST(ScramTest, VerifierRoundTripsAndChecksPasswords) {
  ScramVerifier v = MakeScramVerifier("pencil");
  Result<ScramVerifier> back = ScramVerifier::Parse(v.ToString());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->salt, v.salt);
  EXPECT_EQ(back->stored_key, v.stored_key);
  EXPECT_TRUE(CheckScramPassword(*back, "pencil"));
  EXPECT_FALSE(CheckScramPassword(*back, "pencil!"));
  EXPECT_FALSE(ScramVerifier::Parse("md5abc").ok());
  EXPECT_EQ(*Base64Decode(Base64Encode("ab")), "ab");
}

TEST(ScramTest, ServerRejectsWrongProofAndBadMessages) {
  ScramServer server(MakeScramVerifier("pw"));
  EXPECT_FALSE(server.ClientFirst("p=tls-server-end-point,,n=,r=abc").ok());
  Result<std::string> first = server.ClientFirst("n,,n=,r=clientnonce");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->starts_with("r=clientnonce"));
  std::string nonce = first->substr(2, first->find(',') - 2);
  std::string proof = Base64Encode(std::string(32, 'x'));
  Result<std::string> final_message = server.ClientFinal("c=biws,r=" + nonce + ",p=" + proof);
  ASSERT_FALSE(final_message.ok());
  EXPECT_EQ(final_message.status().code(), ErrorCode::kInsufficientPrivilege);
  EXPECT_FALSE(server.ClientFinal("c=biws,r=othernonce,p=" + proof).ok());
}

TEST(UserStoreTest, PersistsAcrossOpens) {
  std::string dir = ::testing::TempDir() + "/copra_users_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto store = UserStore::Open(dir);
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE((*store)->empty());
    ASSERT_TRUE((*store)->Create("alice", "pw1", false).ok());
    EXPECT_EQ((*store)->Create("alice", "pw1", false).code(), ErrorCode::kDuplicateObject);
    EXPECT_TRUE((*store)->Create("alice", "other", true).ok());
    ASSERT_TRUE((*store)->Create("bob", "pw2", false).ok());
    ASSERT_TRUE((*store)->SetPassword("bob", "pw3").ok());
    EXPECT_FALSE((*store)->Create("carol", "", false).ok());
    EXPECT_EQ((*store)->Drop("nobody", false).code(), ErrorCode::kUndefinedObject);
  }
  auto store = UserStore::Open(dir);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Names(), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_TRUE(CheckScramPassword(*(*store)->Find("alice"), "pw1"));
  EXPECT_TRUE(CheckScramPassword(*(*store)->Find("bob"), "pw3"));
  ASSERT_TRUE((*store)->Drop("alice", false).ok());
  EXPECT_FALSE(UserStore::Open(dir).value()->Find("alice").has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace copra

namespace copra {
namespace {

TEST(UserStoreTest, GrantsAndSuperusersPersist) {
  std::string dir = ::testing::TempDir() + "/copra_users_grants_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto store = UserStore::Open(dir).value();
    ASSERT_TRUE(store->Create("root", "pw", false).ok());
    ASSERT_TRUE(store->Create("alice", "pw", false).ok());
    ASSERT_TRUE(store->Create("bob", "pw", false, true).ok());
    EXPECT_TRUE(store->IsSuperuser("root"));  // the first user
    EXPECT_FALSE(store->IsSuperuser("alice"));
    EXPECT_TRUE(store->IsSuperuser("bob"));
    ASSERT_TRUE(store->Grant("alice", "metrics", Privilege::kWrite).ok());
    ASSERT_TRUE(store->Grant("alice", "metrics", Privilege::kRead).ok());  // no downgrade
    ASSERT_TRUE(store->Grant("alice", std::string(kAllDatabases), Privilege::kRead).ok());
    ASSERT_TRUE(store->Alter("bob", std::nullopt, false).ok());
    EXPECT_EQ(store->Grant("nobody", "metrics", Privilege::kRead).code(),
              ErrorCode::kUndefinedObject);
  }
  auto store = UserStore::Open(dir).value();
  EXPECT_TRUE(store->IsSuperuser("root"));
  EXPECT_FALSE(store->IsSuperuser("bob"));
  EXPECT_EQ(store->PrivilegeOn("alice", "metrics"), Privilege::kWrite);
  EXPECT_EQ(store->PrivilegeOn("alice", "elsewhere"), Privilege::kRead);  // ON ALL DATABASES
  EXPECT_EQ(store->PrivilegeOn("bob", "metrics"), Privilege::kNone);
  ASSERT_TRUE(store->Revoke("alice", "metrics", Privilege::kWrite).ok());
  EXPECT_EQ(store->PrivilegeOn("alice", "metrics"), Privilege::kRead);
  ASSERT_TRUE(store->Revoke("alice", "metrics", Privilege::kRead).ok());
  ASSERT_TRUE(store->Revoke("alice", std::string(kAllDatabases), Privilege::kRead).ok());
  EXPECT_EQ(UserStore::Open(dir).value()->PrivilegeOn("alice", "metrics"), Privilege::kNone);
  std::filesystem::remove_all(dir);
}

TEST(UserStoreTest, UsersFromBeforePrivilegesAreSuperusers) {
  std::string dir = ::testing::TempDir() + "/copra_users_legacy_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/users");
    out << "old\t" << MakeScramVerifier("pw").ToString() << "\n";
  }
  auto store = UserStore::Open(dir).value();
  EXPECT_TRUE(store->IsSuperuser("old"));
  {
    std::ofstream out(dir + "/users");
    out << "bad\t" << MakeScramVerifier("pw").ToString() << "\t-\tsome:db\n";
  }
  EXPECT_EQ(UserStore::Open(dir).status().code(), ErrorCode::kDataCorrupted);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace copra
