#include "server/http/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

namespace copra {
namespace {

// /health needs no database, so these tests run the HTTP layer alone.
class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status st = server_.Bind(NetAddress{"127.0.0.1", 0});
    ASSERT_TRUE(st.ok()) << st.message();
    ASSERT_GT(server_.address().port, 0);
    thread_ = std::thread([this] { serve_status_ = server_.Serve(); });
  }
  void TearDown() override {
    server_.Shutdown();
    if (thread_.joinable()) thread_.join();
    EXPECT_TRUE(serve_status_.ok()) << serve_status_.message();
  }
  httplib::Client Client() { return httplib::Client("127.0.0.1", server_.address().port); }

  HttpServer server_{nullptr};
  std::thread thread_;
  Status serve_status_;
};

TEST_F(HttpServerTest, HealthReportsOkAndVersion) {
  auto client = Client();
  auto res = client.Get("/health");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["version"], COPRA_VERSION);
}

TEST_F(HttpServerTest, UnknownPathIsJson404) {
  auto client = Client();
  auto res = client.Get("/no/such/thing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  auto body = nlohmann::json::parse(res->body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "no endpoint GET /no/such/thing");
}

TEST(HttpServerBindTest, PortInUseIsAClearError) {
  HttpServer first(nullptr);
  ASSERT_TRUE(first.Bind(NetAddress{"127.0.0.1", 0}).ok());
  int port = first.address().port;
  HttpServer second(nullptr);
  Status st = second.Bind(NetAddress{"127.0.0.1", port});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "cannot listen on 127.0.0.1:" + std::to_string(port) + ": address already in use");
}

TEST(HttpServerBindTest, ShutdownBeforeServeMakesServeReturn) {
  HttpServer server(nullptr);
  ASSERT_TRUE(server.Bind(NetAddress{"127.0.0.1", 0}).ok());
  server.Shutdown();
  EXPECT_TRUE(server.Serve().ok());
}

TEST(HttpServerBindTest, ImmediateShutdownWhileStarting) {
  // Shutdown racing with the start of Serve() must neither hang nor crash.
  for (int i = 0; i < 20; ++i) {
    HttpServer server(nullptr);
    ASSERT_TRUE(server.Bind(NetAddress{"127.0.0.1", 0}).ok());
    std::thread t([&] { (void)server.Serve(); });
    server.Shutdown();
    t.join();
  }
}

}  // namespace
}  // namespace copra
