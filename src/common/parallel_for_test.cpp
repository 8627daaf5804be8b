#include "common/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace copra {
namespace {

TEST(ParallelForTest, RunsEveryTaskOnceInEveryRound) {
  ParallelFor gang(3);
  EXPECT_EQ(gang.threads(), 3);
  for (int round = 0; round < 200; ++round) {
    const int n = round % 17;  // 0 and 1 included
    std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
    gang.Run(n, [&](int i) { hits[static_cast<size_t>(i)].fetch_add(1); });
    for (int i = 0; i < n; ++i)
      EXPECT_EQ(hits[static_cast<size_t>(i)].load(), 1) << round << ":" << i;
  }
}

TEST(ParallelForTest, ReturnsOnlyWhenTheSlowestTaskHasEnded) {
  ParallelFor gang(2);
  std::atomic<int> ended{0};
  gang.Run(4, [&](int i) {
    if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ended.fetch_add(1);
  });
  EXPECT_EQ(ended.load(), 4);
}

TEST(ParallelForTest, UsesTheHelpers) {
  ParallelFor gang(2);
  std::mutex mu;
  std::set<std::thread::id> ids;
  // Each task waits until both threads have taken one, so the round can only
  // end if a helper took part.
  std::atomic<int> started{0};
  gang.Run(2, [&](int) {
    {
      std::lock_guard<std::mutex> lock(mu);
      ids.insert(std::this_thread::get_id());
    }
    started.fetch_add(1);
    while (started.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(ids.size(), 2u);
}

TEST(ParallelForTest, OneThreadRunsOnTheCallerInOrder) {
  ParallelFor gang(1);
  EXPECT_EQ(gang.threads(), 1);
  std::vector<int> order;
  const std::thread::id caller = std::this_thread::get_id();
  gang.Run(5, [&](int i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace copra
