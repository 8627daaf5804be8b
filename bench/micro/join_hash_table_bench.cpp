// Hash join build and probe: the integer key layout against the encoded
// (RowKeyEncoder) layout, for a cache-resident build side (16K rows) and a
// large one (1M rows), probing 1M BIGINT keys in batches of 8192.
//
//   make micro-bench ARGS=--benchmark_filter=JoinHashTable
#include <benchmark/benchmark.h>

#include <random>

#include "exec/join_hash_table.h"
#include "vector/column_builder.h"

namespace copra {
namespace {

constexpr int64_t kProbeRows = 1 << 20;
constexpr int64_t kBatch = 8192;

Datum RandomKeys(int64_t rows, int64_t range, uint64_t seed) {
  std::mt19937_64 rng(seed);
  ColumnBuilder b(LogicalType::Int64());
  for (int64_t i = 0; i < rows; ++i) b.Append<int64_t>(static_cast<int64_t>(rng() % range));
  return Datum::Flat(b.Finish());
}

// state.range(0): build rows; state.range(1): 1 = integer layout, 0 = encoded.
void BM_JoinHashTableBuild(benchmark::State& state) {
  const int64_t build_rows = state.range(0);
  Datum keys = RandomKeys(build_rows, build_rows, 42);
  for (auto _ : state) {
    JoinHashTable table(state.range(1) == 1);
    table.Build({keys}, build_rows);
    benchmark::DoNotOptimize(&table);
  }
  state.SetItemsProcessed(state.iterations() * build_rows);
  state.SetLabel(state.range(1) == 1 ? "integer" : "encoded");
}

void BM_JoinHashTableProbe(benchmark::State& state) {
  const int64_t build_rows = state.range(0);
  Datum build = RandomKeys(build_rows, build_rows, 42);
  Datum probe = RandomKeys(kProbeRows, build_rows, 7);
  JoinHashTable table(state.range(1) == 1);
  table.Build({build}, build_rows);
  JoinHashTable::ProbeKeys keys;
  int64_t matches = 0;
  for (auto _ : state) {
    for (int64_t off = 0; off < kProbeRows; off += kBatch) {
      table.Prepare({Datum::Flat(probe.column->Slice(off, kBatch))}, kBatch, &keys);
      for (int64_t r = 0; r < kBatch; ++r) {
        for (int32_t m = table.First(keys, r); m >= 0; m = table.Next(m, keys, r)) ++matches;
      }
    }
  }
  benchmark::DoNotOptimize(matches);
  state.SetItemsProcessed(state.iterations() * kProbeRows);
  state.SetLabel(state.range(1) == 1 ? "integer" : "encoded");
}

BENCHMARK(BM_JoinHashTableBuild)
    ->ArgsProduct({{1 << 14, 1 << 20}, {1, 0}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JoinHashTableProbe)
    ->ArgsProduct({{1 << 14, 1 << 20}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace copra

BENCHMARK_MAIN();
