#include "storage/sorted_merge.h"

#include <gtest/gtest.h>

#include <random>

#include "storage/column_concat.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

// Internal layout: tag STRING, ts TIMESTAMP, v BIGINT, __seq, __op.
SchemaPtr Schema5() {
  return std::make_shared<const Schema>(
      std::vector<Field>{{"tag", LogicalType::String(), true},
                         {"ts", LogicalType::Timestamp(), false},
                         {"v", LogicalType::Int64(), true},
                         {kSeqColumn, LogicalType::UInt64(), false},
                         {kOpColumn, LogicalType::UInt8(), false}});
}

RowLayout Layout(bool append) {
  RowLayout layout;
  layout.key_columns = append ? std::vector<int>{0, 2} : std::vector<int>{0};
  layout.time_column = 1;
  layout.seq_column = 3;
  layout.op_column = 4;
  layout.append_mode = append;
  return layout;
}

BatchPtr RandomRows(std::mt19937* rng, int64_t n, uint64_t* next_seq) {
  ColumnBuilder tag(LogicalType::String()), ts(LogicalType::Timestamp()), v(LogicalType::Int64()),
      seq(LogicalType::UInt64()), op(LogicalType::UInt8());
  for (int64_t i = 0; i < n; ++i) {
    int t = static_cast<int>((*rng)() % 6);
    if (t == 5) {
      tag.AppendNull();
    } else {
      (void)tag.AppendString(t == 0 ? std::string("a\0b", 3) : std::string(t, 'x'));
    }
    ts.Append<int64_t>(static_cast<int64_t>((*rng)() % 8) - 3);
    v.Append<int64_t>(static_cast<int64_t>((*rng)() % 3));
    seq.Append<uint64_t>((*next_seq)++);
    op.Append<uint8_t>((*rng)() % 5 == 0 ? kOpDelete : kOpPut);
  }
  return Batch::Make(Schema5(), {tag.Finish(), ts.Finish(), v.Finish(), seq.Finish(), op.Finish()},
                     n);
}

std::vector<std::string> Lines(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> out;
  for (const BatchPtr& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      std::string line;
      for (size_t c = 0; c < b->num_columns(); ++c)
        line += b->column(c)->GetValue(r).ToString() + "|";
      out.push_back(line);
    }
  }
  return out;
}

BatchPtr Concat(const std::vector<BatchPtr>& parts) {
  int64_t n = 0;
  for (const BatchPtr& p : parts) n += p->num_rows();
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < parts[0]->num_columns(); ++c) {
    std::vector<ColumnPtr> pieces;
    for (const BatchPtr& p : parts) pieces.push_back(p->column(c));
    columns.push_back(ConcatenateColumns(pieces));
  }
  return Batch::Make(parts[0]->schema(), std::move(columns), n);
}

// Merging sources that SortAndResolve sorted gives what SortAndResolve gives
// for all their rows together, in the same order.
TEST(SortedMergeTest, MatchesSortAndResolveOfEverything) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const bool append = round % 2 == 1;
    const bool keep_tombstones = round % 4 >= 2;
    const RowLayout layout = Layout(append);
    uint64_t next_seq = 1;
    const int k = 1 + static_cast<int>(rng() % 5);
    std::vector<BatchPtr> raw;
    std::vector<std::vector<BatchPtr>> sources(static_cast<size_t>(k));
    for (int s = 0; s < k; ++s) {
      BatchPtr rows = RandomRows(&rng, static_cast<int64_t>(rng() % 40), &next_seq);
      raw.push_back(rows);
      BatchPtr sorted = SortAndResolve(rows, layout, /*keep_tombstones=*/true);
      // Cut into small pieces, as row groups.
      for (int64_t off = 0; off < sorted->num_rows(); off += 7) {
        sources[static_cast<size_t>(s)].push_back(
            sorted->Slice(off, std::min<int64_t>(7, sorted->num_rows() - off)));
      }
      if (rng() % 3 == 0) sources[static_cast<size_t>(s)].push_back(sorted->Slice(0, 0));
    }
    std::vector<SortedMergeReader::Source> feeds;
    for (auto& parts : sources) {
      auto pos = std::make_shared<size_t>(0);
      feeds.push_back([&parts, pos]() -> Result<BatchPtr> {
        if (*pos >= parts.size()) return BatchPtr();
        return parts[(*pos)++];
      });
    }
    SortedMergeReader merge(Schema5(), layout, std::move(feeds), keep_tombstones,
                            1 + static_cast<int64_t>(rng() % 10));
    std::vector<BatchPtr> merged;
    while (true) {
      auto b = merge.Next();
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      if (*b == nullptr) break;
      EXPECT_GT((*b)->num_rows(), 0);
      merged.push_back(*b);
    }
    BatchPtr expected = SortAndResolve(Concat(raw), layout, keep_tombstones);
    ASSERT_EQ(Lines(merged), Lines({expected})) << "round " << round;
  }
}

TEST(SortedMergeTest, NoSourcesAndEmptySources) {
  SortedMergeReader none(Schema5(), Layout(false), {}, false, 10);
  auto b = none.Next();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, nullptr);
  SortedMergeReader empty(Schema5(), Layout(false),
                          {[]() -> Result<BatchPtr> { return BatchPtr(); }}, false, 10);
  b = empty.Next();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, nullptr);
}

}  // namespace
}  // namespace copra::storage
