#include "server/net_address.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

TEST(NetAddressTest, ParsesIPv4) {
  auto a = ParseNetAddress("127.0.0.1:4000");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 4000);
  EXPECT_TRUE(a->IsLoopback());
  EXPECT_FALSE(a->IsIPv6());
  EXPECT_EQ(a->ToString(), "127.0.0.1:4000");
}

TEST(NetAddressTest, ParsesBracketedIPv6) {
  auto a = ParseNetAddress("[::1]:4003");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 4003);
  EXPECT_TRUE(a->IsLoopback());
  EXPECT_TRUE(a->IsIPv6());
  EXPECT_EQ(a->ToString(), "[::1]:4003");
}

TEST(NetAddressTest, LocalhostBindsToIPv4Loopback) {
  auto a = ParseNetAddress("localhost:0");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->IsLoopback());
  EXPECT_EQ(a->BindHost(), "127.0.0.1");
  EXPECT_EQ(a->port, 0);
}

TEST(NetAddressTest, LoopbackRange) {
  EXPECT_TRUE(ParseNetAddress("127.8.9.10:1")->IsLoopback());
  EXPECT_TRUE(ParseNetAddress("[::ffff:127.0.0.1]:1")->IsLoopback());
  EXPECT_FALSE(ParseNetAddress("0.0.0.0:4000")->IsLoopback());
  EXPECT_FALSE(ParseNetAddress("[::]:4000")->IsLoopback());
  EXPECT_FALSE(ParseNetAddress("10.1.2.3:4000")->IsLoopback());
  EXPECT_FALSE(ParseNetAddress("128.0.0.1:4000")->IsLoopback());
}

TEST(NetAddressTest, RejectsMalformed) {
  for (const char* text : {"", "4000", "127.0.0.1", "127.0.0.1:", ":4000", "127.0.0.1:65536",
                           "127.0.0.1:-1", "127.0.0.1:40x", "::1:4000", "[::1]4000", "[::1:4000",
                           "[127.0.0.1]:1", "example.com:80", "256.0.0.1:80"}) {
    auto a = ParseNetAddress(text);
    EXPECT_FALSE(a.ok()) << "accepted \"" << text << "\"";
    if (!a.ok()) {
      EXPECT_EQ(a.status().code(), ErrorCode::kInvalidArgument);
      EXPECT_NE(a.status().message().find("HOST:PORT"), std::string::npos) << a.status().message();
    }
  }
}

TEST(NetAddressTest, ErrorQuotesTheText) {
  auto a = ParseNetAddress("127.0.0.1:99999");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("\"127.0.0.1:99999\""), std::string::npos);
  EXPECT_NE(a.status().message().find("0 to 65535"), std::string::npos);
}

}  // namespace
}  // namespace copra
