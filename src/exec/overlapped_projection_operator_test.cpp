// OverlappedProjection: batches evaluated at once on threads of their own,
// returned in input order; errors and the cancel flag reach the caller.
#include "exec/overlapped_projection_operator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "common/cancel_flag.h"
#include "exec/join_test_util.h"
#include "function/scalar_function.h"

namespace copra {
namespace {

using join_test::Col;
using join_test::MakeSchema;
using join_test::Row;
using join_test::RowsOperator;

// State of the test kernel: how many calls run at once, and a gate that
// holds the first call until a second one has started (so overlap is
// observed without timing assumptions; a 10 s limit turns a missing
// overlap into a failure instead of a hang).
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  int max_running = 0;
  int calls = 0;
  bool saw_cancel_flag = true;
  bool wait_for_company = true;
  int fail_on_call = -1;
};
Gate* g_gate = nullptr;

Result<Datum> SlowNegate(const KernelContext& ctx, const std::vector<Datum>& args) {
  Gate& gate = *g_gate;
  int call;
  {
    std::unique_lock<std::mutex> lock(gate.mu);
    call = gate.calls++;
    ++gate.running;
    gate.max_running = std::max(gate.max_running, gate.running);
    gate.saw_cancel_flag = gate.saw_cancel_flag && ScopedCancelFlag::Current() != nullptr;
    gate.cv.notify_all();
    if (gate.wait_for_company && call == 0) {
      gate.cv.wait_for(lock, std::chrono::seconds(10), [&] { return gate.calls >= 2; });
    }
    --gate.running;
  }
  if (call == gate.fail_on_call) return Status::InvalidArgument("call " + std::to_string(call));
  ColumnPtr in = args[0].ToColumn(ctx.num_rows);
  std::vector<Value> out;
  for (int64_t i = 0; i < ctx.num_rows; ++i)
    out.push_back(Value::Int64(-in->GetValue(i).GetInt64()));
  COPRA_ASSIGN_OR_RETURN(ColumnPtr col, Column::FromValues(LogicalType::Int64(), out));
  return Datum::Flat(std::move(col));
}

bool Always() { return true; }
bool Never() { return false; }

struct Fixture {
  Gate gate;
  ScalarFunction fn;
  std::atomic<bool> cancel{false};
  ExecContext ctx;
  Fixture() {
    g_gate = &gate;
    fn.name = "slow_negate";
    fn.arg_types = {LogicalType::Int64()};
    fn.return_type = LogicalType::Int64();
    fn.kernel = &SlowNegate;
    fn.may_overlap_batches = &Always;
    ctx.cancel = &cancel;
  }
  ~Fixture() { g_gate = nullptr; }

  std::unique_ptr<OverlappedProjectionOperator> Make(int64_t rows, int64_t batch) {
    std::vector<Row> input;
    for (int64_t i = 0; i < rows; ++i) input.push_back({Value::Int64(i)});
    SchemaPtr in = MakeSchema({Field{"x", LogicalType::Int64()}});
    BoundExprPtr call = BoundExpr::Function(&fn, {Col(0, LogicalType::Int64(), "x")}, "neg");
    return std::make_unique<OverlappedProjectionOperator>(
        MakeSchema({Field{"neg", LogicalType::Int64()}}),
        std::make_unique<RowsOperator>(in, input, batch), std::vector<BoundExprPtr>{call});
  }
};

TEST(OverlappedProjectionTest, BatchesOverlapAndComeBackInOrder) {
  Fixture f;
  auto op = f.Make(1000, 64);
  ASSERT_TRUE(op->Open(&f.ctx).ok());
  int64_t expect = 0;
  for (;;) {
    auto batch = op->Next();
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    if (*batch == nullptr) break;
    for (int64_t i = 0; i < (*batch)->num_rows(); ++i) {
      EXPECT_EQ((*batch)->column(0)->GetValue(i).GetInt64(), -expect++);
    }
  }
  EXPECT_EQ(expect, 1000);
  EXPECT_EQ(f.gate.calls, 16);
  EXPECT_GE(f.gate.max_running, 2);
  EXPECT_LE(f.gate.max_running, static_cast<int>(OverlappedProjectionOperator::kBatchesInFlight));
  EXPECT_TRUE(f.gate.saw_cancel_flag);
}

TEST(OverlappedProjectionTest, AnErrorEndsTheStatement) {
  Fixture f;
  f.gate.wait_for_company = false;
  f.gate.fail_on_call = 3;
  auto op = f.Make(1000, 100);
  ASSERT_TRUE(op->Open(&f.ctx).ok());
  Status failed;
  for (int i = 0; i < 20 && failed.ok(); ++i) {
    auto batch = op->Next();
    if (!batch.ok())
      failed = batch.status();
    else if (*batch == nullptr)
      break;
  }
  EXPECT_EQ(failed.code(), ErrorCode::kInvalidArgument) << failed.ToString();
  EXPECT_NE(failed.message().find("call 3"), std::string::npos);
  op.reset();  // waits for evaluations still running
}

TEST(OverlappedProjectionTest, OnlyFunctionsThatSaySoOverlap) {
  Fixture f;
  BoundExprPtr call = BoundExpr::Function(&f.fn, {Col(0, LogicalType::Int64(), "x")}, "neg");
  BoundExprPtr nested = BoundExpr::Cast(call, LogicalType::Float64());
  EXPECT_TRUE(OverlappedProjectionOperator::Overlaps(*nested));
  f.fn.may_overlap_batches = &Never;
  EXPECT_FALSE(OverlappedProjectionOperator::Overlaps(*nested));
  f.fn.may_overlap_batches = nullptr;
  EXPECT_FALSE(OverlappedProjectionOperator::Overlaps(*nested));
}

}  // namespace
}  // namespace copra
