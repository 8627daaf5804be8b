// Internal toolkit for the built-in aggregates; included only by
// src/function/aggregate_*.cpp (never by other modules, to keep the
// templates out of the rest of the build).
//
// Provides: iteration over the valid rows of a Datum (64 rows per validity
// word, no per-row virtual call), typed readers over Arrow buffers,
// dispatch from a LogicalType to its physical C++ type, the total orders
// min/max use, a builder for fixed-width result columns, and
// SimpleAggregator<Op>, the grouped driver shared by every aggregate whose
// per-group state is a small trivially copyable struct.
//
// Group ids: every aggregator treats `group_ids == nullptr` as "all rows go
// to group 0", and a one-group aggregator ignores the ids (they can only be
// 0), which gives the ungrouped case a loop that keeps its state in
// registers.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include "function/aggregate_function.h"
#include "function/function_registry.h"
#include "vector/bit_util.h"
#include "vector/column.h"

namespace copra::agg {

// ---------------------------------------------------------------------------
// Validity iteration

// Bits [bit_offset, bit_offset + count) of `bits`, first bit in the LSB.
// Reads only the bytes that hold those bits. REQUIRES: 0 < count <= 64.
inline uint64_t LoadBits(const uint8_t* bits, int64_t bit_offset, int count) {
  const uint8_t* p = bits + (bit_offset >> 3);
  const int shift = static_cast<int>(bit_offset & 7);
  const int nbytes = (shift + count + 7) >> 3;  // at most 9
  uint64_t w = 0;
  if (nbytes >= 8) {
    std::memcpy(&w, p, 8);  // little-endian, as Arrow bitmaps assume
    w >>= shift;
    if (nbytes == 9) w |= uint64_t{p[8]} << (64 - shift);
  } else {
    for (int i = 0; i < nbytes; ++i) w |= uint64_t{p[i]} << (8 * i);
    w >>= shift;
  }
  if (count < 64) w &= (uint64_t{1} << count) - 1;
  return w;
}

// Calls fn(i) for each valid row i in [0, n) of `col`, in row order.
// Rows go in blocks of 64 with a constant trip count, which lets the
// compiler vectorize simple bodies (reductions) even at -O2.
template <typename Fn>
inline void ForEachValidRow(const Column& col, int64_t n, Fn&& fn) {
  const uint8_t* bits = col.validity_bits();
  int64_t base = 0;
  if (bits == nullptr) {
    for (; base + 64 <= n; base += 64) {
      for (int j = 0; j < 64; ++j) fn(base + j);
    }
    for (; base < n; ++base) fn(base);
    return;
  }
  const int64_t off = col.offset();
  for (; base < n; base += 64) {
    const int count = static_cast<int>(std::min<int64_t>(64, n - base));
    uint64_t w = LoadBits(bits, off + base, count);
    if (w == ~uint64_t{0}) {
      for (int j = 0; j < 64; ++j) fn(base + j);
    } else {
      while (w != 0) {
        fn(base + std::countr_zero(w));
        w &= w - 1;
      }
    }
  }
}

// Calls fn(row, index) for each row in [0, n) whose value is valid; `index`
// is the position in datum.column (0 for a scalar).
template <typename Fn>
inline void ForEachValid(const Datum& d, int64_t n, Fn&& fn) {
  if (d.is_scalar) {
    if (!d.column->IsValid(0)) return;
    for (int64_t i = 0; i < n; ++i) fn(i, int64_t{0});
    return;
  }
  ForEachValidRow(*d.column, n, [&](int64_t i) { fn(i, i); });
}

// Number of valid rows among logical rows [0, n) of `d` / of `col`.
int64_t CountValid(const Datum& d, int64_t n);
int64_t CountValidRows(const Column& col, int64_t n);

// ---------------------------------------------------------------------------
// Typed readers (ignore validity; tolerate columns without value buffers)

template <typename T>
struct Reader {
  const T* p = nullptr;
  explicit Reader(const Column& c) {
    if (c.values_buffer()) p = c.values_buffer()->template data_as<T>() + c.offset();
  }
  T operator[](int64_t i) const { return p[i]; }
};

template <>
struct Reader<bool> {
  const uint8_t* bits = nullptr;
  int64_t off = 0;
  explicit Reader(const Column& c) : off(c.offset()) {
    if (c.values_buffer()) bits = c.values_buffer()->data();
  }
  bool operator[](int64_t i) const { return bit_util::GetBit(bits, off + i); }
};

template <>
struct Reader<std::string_view> {
  const int32_t* offs = nullptr;
  const char* chars = nullptr;
  explicit Reader(const Column& c) {
    if (c.values_buffer()) offs = c.values_buffer()->data_as<int32_t>() + c.offset();
    if (c.data_buffer()) chars = reinterpret_cast<const char*>(c.data_buffer()->data());
  }
  std::string_view operator[](int64_t i) const {
    return std::string_view(chars + offs[i], static_cast<size_t>(offs[i + 1] - offs[i]));
  }
};

// ---------------------------------------------------------------------------
// Physical types

// Calls fn.template operator()<T>() with T the C++ type a value of `type`
// is read as: bool, int8_t..uint64_t, float, double, std::string_view
// (STRING, BINARY), int64_t (TIMESTAMP ticks), int32_t (DATE days),
// Interval. REQUIRES: type is not NULL.
template <typename Fn>
decltype(auto) VisitPhysicalType(const LogicalType& type, Fn&& fn) {
  switch (type.id()) {
    case TypeId::kBoolean: return fn.template operator()<bool>();
    case TypeId::kInt8: return fn.template operator()<int8_t>();
    case TypeId::kInt16: return fn.template operator()<int16_t>();
    case TypeId::kInt32: return fn.template operator()<int32_t>();
    case TypeId::kInt64: return fn.template operator()<int64_t>();
    case TypeId::kUInt8: return fn.template operator()<uint8_t>();
    case TypeId::kUInt16: return fn.template operator()<uint16_t>();
    case TypeId::kUInt32: return fn.template operator()<uint32_t>();
    case TypeId::kUInt64: return fn.template operator()<uint64_t>();
    case TypeId::kFloat32: return fn.template operator()<float>();
    case TypeId::kFloat64: return fn.template operator()<double>();
    case TypeId::kString:
    case TypeId::kBinary: return fn.template operator()<std::string_view>();
    case TypeId::kTimestamp: return fn.template operator()<int64_t>();
    case TypeId::kDate: return fn.template operator()<int32_t>();
    case TypeId::kInterval: return fn.template operator()<Interval>();
    case TypeId::kNull: break;
  }
  CheckFailed(__FILE__, __LINE__, "VisitPhysicalType", "NULL has no physical type");
}

// Orders intervals as PostgreSQL does: a month is 30 days, a day 24 hours.
inline __int128 IntervalSortKey(const Interval& v) {
  constexpr int64_t kNanosPerDay = int64_t{86400} * 1000000000;
  return (static_cast<__int128>(v.months) * 30 + v.days) * kNanosPerDay + v.nanos;
}

// Strict total order used by min/max: NaN sorts above every number (as in
// PostgreSQL), intervals by IntervalSortKey, everything else by operator<.
template <typename T>
inline bool ValueLess(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  } else if constexpr (std::is_same_v<T, Interval>) {
    return IntervalSortKey(a) < IntervalSortKey(b);
  } else {
    return a < b;
  }
}

// True when consecutive rows mostly share their group (at most one change
// per 16 rows), as with input sorted or clustered by the group key.
inline bool MostlyRuns(const uint32_t* group_ids, int64_t n) {
  int64_t changes = 0;
  for (int64_t i = 1; i < n; ++i) changes += group_ids[i] != group_ids[i - 1];
  return changes * 16 <= n;
}

// ---------------------------------------------------------------------------
// Result columns

// Builds a fixed-width or BOOLEAN column of a known length in place: the
// caller writes every row's value (or marks it NULL) and calls Finish once.
class FixedOutput {
 public:
  FixedOutput(const LogicalType& type, int64_t length);

  template <typename T>
  void Set(int64_t i, T v) {
    if constexpr (std::is_same_v<T, bool>) {
      bit_util::SetBitTo(values_->mutable_data(), i, v);
    } else {
      values_->mutable_data_as<T>()[i] = v;
    }
  }
  void SetNull(int64_t i);
  ColumnPtr Finish();

 private:
  LogicalType type_;
  int64_t length_;
  int64_t null_count_ = 0;
  BufferPtr values_;
  BufferPtr validity_;  // allocated on the first SetNull
};

// ---------------------------------------------------------------------------
// Glue

// `other` as the concrete aggregator class (Merge's REQUIRES: same function).
template <typename Agg>
Agg& SameAggregator(GroupedAggregator& other) {
  auto* p = dynamic_cast<Agg*>(&other);
  COPRA_CHECK_MSG(p != nullptr, "Merge of aggregators of different functions");
  return *p;
}

template <typename Agg>
std::unique_ptr<GroupedAggregator> MakeAggregator(const AggregateFunction& fn) {
  return std::make_unique<Agg>(fn);
}

void AddAggregate(FunctionRegistry* registry, const std::string& name,
                  std::vector<LogicalType> args, LogicalType ret,
                  std::unique_ptr<GroupedAggregator> (*make)(const AggregateFunction&),
                  bool order_sensitive = false);

// Type lists for registration. Every TIMESTAMP unit is listed separately so
// that results keep the argument's unit.
const std::vector<LogicalType>& AllValueTypes();  // every type except NULL
const std::vector<LogicalType>& NumericTypes();   // integers and floats
const std::vector<LogicalType>& IntegerTypes();

// ---------------------------------------------------------------------------
// SimpleAggregator

// Drives an Op with a trivially copyable per-group state:
//   using In = ...;                         // physical input type
//   struct State { ... };                   // value-initialized = empty
//   static void Add(State&, In);            // one non-NULL value
//   static void Combine(State&, const State&);
//   static Result<ColumnPtr> Finalize(const std::vector<State>&, const LogicalType& ret);
// and optionally
//   static void AddRepeated(State&, In, int64_t n);   // a scalar over n rows
//   static void AddColumn(State&, const Column&, int64_t n);  // ungrouped batch
// NULL inputs are skipped before Op sees them. States live in one
// contiguous vector indexed by group id.
template <typename Op>
class SimpleAggregator final : public GroupedAggregator {
 public:
  using In = typename Op::In;
  using State = typename Op::State;

  explicit SimpleAggregator(const AggregateFunction& fn) : return_type_(fn.return_type) {}

  void Resize(int64_t num_groups) override { states_.resize(static_cast<size_t>(num_groups)); }

  Status Update(const std::vector<Datum>& args, const uint32_t* group_ids,
                int64_t num_rows) override {
    if (num_rows == 0) return Status::OK();
    COPRA_DCHECK(!args.empty() && !states_.empty());
    const Datum& arg = args[0];
    if (group_ids == nullptr || states_.size() == 1) {
      State s = states_[0];
      if (arg.is_scalar) {
        if (arg.column->IsValid(0)) AddRepeated(s, Reader<In>(*arg.column)[0], num_rows);
      } else if constexpr (requires(State & st, const Column& c, int64_t n) {
                             Op::AddColumn(st, c, n);
                           }) {
        Op::AddColumn(s, *arg.column, num_rows);
      } else {
        const Reader<In> in(*arg.column);
        ForEachValidRow(*arg.column, num_rows, [&](int64_t i) { Op::Add(s, in[i]); });
      }
      states_[0] = s;
      return Status::OK();
    }
    const Reader<In> in(*arg.column);
    State* st = states_.data();
    if (!arg.is_scalar && MostlyRuns(group_ids, num_rows)) {
      // Clustered input (rows sorted by the group key): keep the current
      // group's state in registers and store it when the group changes.
      uint32_t g = group_ids[0];
      State s = st[g];
      ForEachValidRow(*arg.column, num_rows, [&](int64_t row) {
        const uint32_t id = group_ids[row];
        if (id != g) {
          st[g] = s;
          g = id;
          s = st[g];
        }
        Op::Add(s, in[row]);
      });
      st[g] = s;
      return Status::OK();
    }
    ForEachValid(arg, num_rows,
                 [&](int64_t row, int64_t idx) { Op::Add(st[group_ids[row]], in[idx]); });
    return Status::OK();
  }

  Status Merge(GroupedAggregator& other, const uint32_t* group_map) override {
    auto& o = SameAggregator<SimpleAggregator>(other);
    for (size_t g = 0; g < o.states_.size(); ++g) Op::Combine(states_[group_map[g]], o.states_[g]);
    return Status::OK();
  }

  Result<ColumnPtr> Finalize() override { return Op::Finalize(states_, return_type_); }

 private:
  static void AddRepeated(State& s, In v, int64_t n) {
    if constexpr (requires(State & st, In x, int64_t k) { Op::AddRepeated(st, x, k); }) {
      Op::AddRepeated(s, v, n);
    } else {
      for (int64_t i = 0; i < n; ++i) Op::Add(s, v);
    }
  }

  LogicalType return_type_;
  std::vector<State> states_;
};

template <typename Op>
std::unique_ptr<GroupedAggregator> MakeSimple(const AggregateFunction& fn) {
  return std::make_unique<SimpleAggregator<Op>>(fn);
}

// Per-family registration (one file each), called by
// RegisterAggregateFunctions.
void RegisterCountAggregates(FunctionRegistry* registry);
void RegisterSumAvgAggregates(FunctionRegistry* registry);
void RegisterMinMaxAggregates(FunctionRegistry* registry);
void RegisterFirstLastAggregates(FunctionRegistry* registry);
void RegisterVarianceAggregates(FunctionRegistry* registry);
void RegisterPercentileAggregates(FunctionRegistry* registry);
void RegisterBoolAggregates(FunctionRegistry* registry);
void RegisterStringAggAggregates(FunctionRegistry* registry);

}  // namespace copra::agg
