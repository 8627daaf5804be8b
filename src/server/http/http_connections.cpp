#include "server/http/http_connections.h"

#include <httplib.h>

#include <memory>
#include <utility>

#include "common/copra_metrics.h"

namespace copra {

namespace {

class CountingQueue final : public httplib::TaskQueue {
 public:
  explicit CountingQueue(size_t threads) : pool_(threads) {}

  // `fn` serves one accepted connection and closes it.
  void enqueue(std::function<void()> fn) override {
    const CopraMetrics& m = CopraMetrics::Get();
    m.http_connections->Add(1);
    m.http_connections_total->Increment();
    pool_.enqueue([fn = std::move(fn)] {
      // Decremented even if serving throws (cpp-httplib catches handler
      // exceptions, but a failed allocation could still escape).
      struct Closed {
        ~Closed() { CopraMetrics::Get().http_connections->Subtract(1); }
      } closed;
      fn();
    });
  }

  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
};

}  // namespace

void HttpConnections::Install(httplib::Server* server, size_t threads) {
  const size_t n = threads > 0 ? threads : CPPHTTPLIB_THREAD_POOL_COUNT;
  server->new_task_queue = [n]() -> httplib::TaskQueue* { return new CountingQueue(n); };
}

}  // namespace copra
