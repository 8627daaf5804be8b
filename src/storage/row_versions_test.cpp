// SortAndResolve over several parts gives exactly what it gives over their
// concatenation (the memtable flushes its entries without concatenating),
// with or without helper threads.
#include "storage/row_versions.h"

#include <gtest/gtest.h>

#include <random>

#include "common/parallel_for.h"
#include "storage/column_concat.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

// Internal layout: host STRING (NULLs), dc STRING, ts, v DOUBLE (NULLs), __seq, __op.
SchemaPtr Internal() {
  return std::make_shared<const Schema>(
      std::vector<Field>{{"host", LogicalType::String(), true},
                         {"dc", LogicalType::String(), true},
                         {"ts", LogicalType::Timestamp(), false},
                         {"v", LogicalType::Float64(), true},
                         {kSeqColumn, LogicalType::UInt64(), false},
                         {kOpColumn, LogicalType::UInt8(), false}});
}

BatchPtr Part(std::mt19937* rng, int64_t n, uint64_t* seq) {
  ColumnBuilder host(LogicalType::String()), dc(LogicalType::String()),
      ts(LogicalType::Timestamp()), v(LogicalType::Float64()), s(LogicalType::UInt64()),
      op(LogicalType::UInt8());
  for (int64_t i = 0; i < n; ++i) {
    const int h = static_cast<int>((*rng)() % 9);
    if (h == 8) {
      host.AppendNull();
    } else {
      (void)host.AppendString("host_" + std::to_string(h));
    }
    (void)dc.AppendString(h % 2 == 0 ? "eu" : "us");
    ts.Append<int64_t>(static_cast<int64_t>((*rng)() % 6));
    if ((*rng)() % 7 == 0) {
      v.AppendNull();
    } else {
      v.Append<double>(static_cast<double>((*rng)() % 100));
    }
    s.Append<uint64_t>((*seq)++);
    op.Append<uint8_t>((*rng)() % 6 == 0 ? kOpDelete : kOpPut);
  }
  return Batch::Make(Internal(),
                     {host.Finish(), dc.Finish(), ts.Finish(), v.Finish(), s.Finish(), op.Finish()},
                     n);
}

std::vector<std::string> Lines(const Batch& b) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < b.num_rows(); ++r) {
    std::string line;
    for (size_t c = 0; c < b.num_columns(); ++c) line += b.column(c)->GetValue(r).ToString() + "|";
    out.push_back(line);
  }
  return out;
}

TEST(RowVersionsTest, SortingPartsEqualsSortingTheirConcatenation) {
  std::mt19937 rng(11);
  for (bool append : {false, true}) {
    for (bool tombstones : {false, true}) {
      uint64_t seq = 1;
      std::vector<BatchPtr> parts = {Part(&rng, 40, &seq), Part(&rng, 0, &seq), Part(&rng, 1, &seq),
                                     Part(&rng, 77, &seq)};
      RowLayout layout;
      layout.key_columns = append ? std::vector<int>{0, 1, 3} : std::vector<int>{0, 1};
      layout.time_column = 2;
      layout.seq_column = 4;
      layout.op_column = 5;
      layout.append_mode = append;
      std::vector<ColumnPtr> columns;
      for (size_t c = 0; c < parts[0]->num_columns(); ++c) {
        std::vector<ColumnPtr> pieces;
        for (const BatchPtr& p : parts) pieces.push_back(p->column(c));
        columns.push_back(ConcatenateColumns(pieces));
      }
      BatchPtr all = Batch::Make(Internal(), std::move(columns), 118);
      BatchPtr want = SortAndResolve(all, layout, tombstones);
      BatchPtr got = SortAndResolve(parts, layout, tombstones);
      EXPECT_EQ(Lines(*got), Lines(*want)) << "append " << append << " tombstones " << tombstones;
      for (const ColumnPtr& c : got->columns()) EXPECT_TRUE(c->Validate().ok());
      // The flush gathers the columns on several threads: same rows.
      ParallelFor gang(3);
      BatchPtr gathered = SortAndResolve(parts, layout, tombstones, &gang);
      EXPECT_EQ(Lines(*gathered), Lines(*want));
    }
  }
}

}  // namespace
}  // namespace copra::storage
