#include "server/http/http_connections.h"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "common/copra_metrics.h"

namespace copra {

namespace {

// Set while a worker thread serves a connection accepted beyond the limit;
// the value is the limit then in force (for the message).
thread_local int64_t t_refused_limit = -1;

// Threads that answer refused connections: they only read a request and
// write a short answer, so a couple suffice.
constexpr size_t kRefusalThreads = 2;

class CountingQueue final : public httplib::TaskQueue {
 public:
  CountingQueue(size_t threads, std::shared_ptr<HttpConnections::State> state)
      : pool_(threads), refusals_(kRefusalThreads), state_(std::move(state)) {}

  // `fn` serves one accepted connection and closes it.
  void enqueue(std::function<void()> fn) override {
    const CopraMetrics& m = CopraMetrics::Get();
    m.http_connections->Add(1);
    m.http_connections_total->Increment();
    const int64_t open = state_->open.fetch_add(1) + 1;
    const int64_t limit = state_->max_connections.load();
    const bool refused = limit > 0 && open > limit;
    (refused ? refusals_ : pool_).enqueue([fn = std::move(fn), state = state_, refused, limit] {
      // Undone even if serving throws (cpp-httplib catches handler
      // exceptions, but a failed allocation could still escape).
      struct Closed {
        HttpConnections::State* state;
        ~Closed() {
          t_refused_limit = -1;
          state->open.fetch_sub(1);
          CopraMetrics::Get().http_connections->Subtract(1);
        }
      } closed{state.get()};
      t_refused_limit = refused ? limit : -1;
      fn();
    });
  }

  void shutdown() override {
    pool_.shutdown();
    refusals_.shutdown();
  }

 private:
  httplib::ThreadPool pool_;
  httplib::ThreadPool refusals_;
  std::shared_ptr<HttpConnections::State> state_;
};

}  // namespace

HttpConnections::HttpConnections(httplib::Server* server, size_t threads)
    : state_(std::make_shared<State>()) {
  const size_t n = threads > 0 ? threads : CPPHTTPLIB_THREAD_POOL_COUNT;
  server->new_task_queue = [n, state = state_]() -> httplib::TaskQueue* {
    return new CountingQueue(n, state);
  };
}

bool HttpConnections::RefuseIfOverLimit(const httplib::Request&, httplib::Response& res) {
  if (t_refused_limit < 0) return false;
  nlohmann::json body = {
      {"code", 6000},
      {"error", "too many connections: the server allows " + std::to_string(t_refused_limit) +
                    " open HTTP connections (http.max_connections); retry later"}};
  res.status = 503;
  res.set_header("Connection", "close");
  res.set_header("Retry-After", "1");
  res.set_content(body.dump(), "application/json");
  return true;
}

}  // namespace copra
