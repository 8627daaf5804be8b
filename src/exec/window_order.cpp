#include "exec/window_order.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace copra {

WindowOrder ArrangeWindow(const std::vector<Datum>& partition_keys,
                          const std::vector<Datum>& order_keys, const std::vector<KeyOrder>& orders,
                          int64_t n) {
  WindowOrder out;
  out.rows.resize(static_cast<size_t>(n));
  std::iota(out.rows.begin(), out.rows.end(), 0);
  std::vector<std::string> part;
  std::vector<std::string> ord;
  if (!partition_keys.empty()) {
    RowKeyEncoder(std::vector<KeyOrder>(partition_keys.size())).Encode(partition_keys, n, &part);
  }
  if (!order_keys.empty()) RowKeyEncoder(orders).Encode(order_keys, n, &ord);
  if (!part.empty() || !ord.empty()) {
    std::stable_sort(out.rows.begin(), out.rows.end(), [&](int32_t a, int32_t b) {
      if (!part.empty()) {
        int c = part[static_cast<size_t>(a)].compare(part[static_cast<size_t>(b)]);
        if (c != 0) return c < 0;
      }
      if (!ord.empty()) return ord[static_cast<size_t>(a)] < ord[static_cast<size_t>(b)];
      return false;
    });
  }
  for (int64_t p = 0; p < n; ++p) {
    const auto row = static_cast<size_t>(out.rows[static_cast<size_t>(p)]);
    const auto prev = p == 0 ? 0 : static_cast<size_t>(out.rows[static_cast<size_t>(p - 1)]);
    const bool new_partition = p == 0 || (!part.empty() && part[row] != part[prev]);
    if (new_partition) out.partitions.push_back(static_cast<int32_t>(p));
    if (new_partition || (!ord.empty() && ord[row] != ord[prev])) {
      out.peers.push_back(static_cast<int32_t>(p));
    }
  }
  out.partitions.push_back(static_cast<int32_t>(n));
  out.peers.push_back(static_cast<int32_t>(n));
  return out;
}

namespace {

// RANGE offsets compare key values: numbers as double, temporal keys as
// int64 ticks of the key's unit (DATE: days scaled to microseconds).
struct RangeKeys {
  std::vector<double> values;  // per window position, DESC keys negated
  std::vector<bool> null;
};

int64_t TicksPerSecond(const LogicalType& t) {
  return t.id() == TypeId::kDate ? 1000000 : UnitsPerSecond(t.unit());
}

double TemporalTicks(const Value& v, const LogicalType& t) {
  if (t.id() == TypeId::kDate) return static_cast<double>(v.GetInt64()) * 86400.0 * 1e6;
  return static_cast<double>(v.GetInt64());
}

Result<double> OffsetIn(const Value& offset, const LogicalType& key) {
  if (key.IsNumeric()) return offset.AsDouble();
  Interval iv = offset.GetInterval();
  const double ticks_per_second = static_cast<double>(TicksPerSecond(key));
  return (static_cast<double>(iv.days) * 86400.0 + static_cast<double>(iv.nanos) / 1e9) *
         ticks_per_second;
}

RangeKeys ExtractRangeKeys(const WindowOrder& order, const Datum& key, bool descending) {
  RangeKeys out;
  const int64_t n = order.size();
  out.values.resize(static_cast<size_t>(n));
  out.null.resize(static_cast<size_t>(n));
  const LogicalType& type = key.type();
  for (int64_t p = 0; p < n; ++p) {
    const int64_t row = key.Index(order.rows[static_cast<size_t>(p)]);
    if (!key.column->IsValid(row)) {
      out.null[static_cast<size_t>(p)] = true;
      continue;
    }
    Value v = key.column->GetValue(row);
    double x = type.IsNumeric() ? v.AsDouble() : TemporalTicks(v, type);
    out.values[static_cast<size_t>(p)] = descending ? -x : x;
  }
  return out;
}

}  // namespace

Result<WindowFrames> ComputeFrames(const WindowOrder& order, const WindowFrame& frame,
                                   const Datum* range_key, KeyOrder key_order) {
  const int64_t n = order.size();
  WindowFrames out;
  out.start.resize(static_cast<size_t>(n));
  out.end.resize(static_cast<size_t>(n));
  const bool rows = frame.unit == WindowFrameUnit::kRows;
  const bool range_offsets = !rows && (frame.start.kind == FrameBoundKind::kPreceding ||
                                       frame.start.kind == FrameBoundKind::kFollowing ||
                                       frame.end.kind == FrameBoundKind::kPreceding ||
                                       frame.end.kind == FrameBoundKind::kFollowing);
  RangeKeys keys;
  double start_offset = 0;
  double end_offset = 0;
  if (range_offsets) {
    if (range_key == nullptr) return Status::Internal("RANGE frame offsets need the ORDER BY key");
    keys = ExtractRangeKeys(order, *range_key, key_order.descending);
    if (!frame.start.offset.is_null()) {
      COPRA_ASSIGN_OR_RETURN(start_offset, OffsetIn(frame.start.offset, range_key->type()));
    }
    if (!frame.end.offset.is_null()) {
      COPRA_ASSIGN_OR_RETURN(end_offset, OffsetIn(frame.end.offset, range_key->type()));
    }
  }
  auto rows_offset = [](const Value& v) { return v.is_null() ? 0 : v.GetInt64(); };
  // min(hi, p + k) without overflow for any k >= 0.
  auto forward = [](int64_t p, int64_t k, int64_t hi) { return k >= hi - p ? hi : p + k; };
  const int64_t rows_start = rows ? rows_offset(frame.start.offset) : 0;
  const int64_t rows_end = rows ? rows_offset(frame.end.offset) : 0;

  size_t peer = 0;
  for (size_t part = 0; part + 1 < order.partitions.size(); ++part) {
    const int64_t ps = order.partitions[part];
    const int64_t pe = order.partitions[part + 1];
    // The non-NULL key segment [ns, ne) of the partition (RANGE offsets).
    int64_t ns = ps;
    int64_t ne = pe;
    if (range_offsets) {
      while (ns < pe && keys.null[static_cast<size_t>(ns)]) ++ns;
      ne = ns;
      while (ne < pe && !keys.null[static_cast<size_t>(ne)]) ++ne;
    }
    const auto first_at_least = [&](double x) {
      auto begin = keys.values.begin() + ns;
      return ns + (std::lower_bound(begin, keys.values.begin() + ne, x) - begin);
    };
    const auto first_above = [&](double x) {
      auto begin = keys.values.begin() + ns;
      return ns + (std::upper_bound(begin, keys.values.begin() + ne, x) - begin);
    };
    for (int64_t p = ps; p < pe; ++p) {
      while (order.peers[peer + 1] <= p) ++peer;
      const int64_t gs = order.peers[peer];
      const int64_t ge = order.peers[peer + 1];
      const bool null_key = range_offsets && keys.null[static_cast<size_t>(p)];
      const double v = range_offsets ? keys.values[static_cast<size_t>(p)] : 0;
      int64_t s = ps;
      switch (frame.start.kind) {
        case FrameBoundKind::kUnboundedPreceding: s = ps; break;
        case FrameBoundKind::kCurrentRow: s = rows ? p : gs; break;
        case FrameBoundKind::kPreceding:
          s = rows       ? std::max(ps, p - rows_start)
              : null_key ? gs
                         : first_at_least(v - start_offset);
          break;
        case FrameBoundKind::kFollowing:
          s = rows ? forward(p, rows_start, pe) : null_key ? gs : first_at_least(v + start_offset);
          break;
        case FrameBoundKind::kUnboundedFollowing: s = pe; break;
      }
      int64_t e = pe;
      switch (frame.end.kind) {
        case FrameBoundKind::kUnboundedFollowing: e = pe; break;
        case FrameBoundKind::kCurrentRow: e = rows ? p + 1 : ge; break;
        case FrameBoundKind::kFollowing:
          e = rows ? forward(p + 1, rows_end, pe) : null_key ? ge : first_above(v + end_offset);
          break;
        case FrameBoundKind::kPreceding:
          e = rows ? std::max(ps, p - rows_end + 1) : null_key ? ge : first_above(v - end_offset);
          break;
        case FrameBoundKind::kUnboundedPreceding: e = ps; break;
      }
      if (e < s) e = s;
      out.start[static_cast<size_t>(p)] = static_cast<int32_t>(s);
      out.end[static_cast<size_t>(p)] = static_cast<int32_t>(e);
    }
  }
  return out;
}

}  // namespace copra
