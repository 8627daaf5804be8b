#include "exec/window_operator.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "exec/window_order.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

WindowOperator::WindowOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                               std::vector<WindowCall> calls)
    : PhysicalOperator(std::move(schema), Children(std::move(child))), calls_(std::move(calls)) {}

std::string WindowOperator::details() const {
  std::string out;
  for (size_t i = 0; i < calls_.size(); ++i) {
    if (i > 0) out += ", ";
    out += calls_[i].name;
  }
  return out;
}

namespace {

int64_t ColumnBytes(const Column& c) {
  int64_t bytes = 0;
  if (c.values_buffer()) bytes += c.values_buffer()->size();
  if (c.data_buffer()) bytes += c.data_buffer()->size();
  if (c.validity_buffer()) bytes += c.validity_buffer()->size();
  return bytes;
}

bool IsRangeOffset(const FrameBound& b) {
  return b.kind == FrameBoundKind::kPreceding || b.kind == FrameBoundKind::kFollowing;
}

// Walks the partitions and peer groups of `order` in position order.
template <typename Fn>  // fn(p, ps, pe, gs, ge, peer_ordinal_in_partition)
void ForEachPosition(const WindowOrder& order, Fn&& fn) {
  size_t peer = 0;
  for (size_t part = 0; part + 1 < order.partitions.size(); ++part) {
    const int64_t ps = order.partitions[part];
    const int64_t pe = order.partitions[part + 1];
    int64_t ordinal = 0;
    for (int64_t p = ps; p < pe; ++p) {
      if (order.peers[peer + 1] <= p) {
        ++peer;
        ++ordinal;
      }
      fn(p, ps, pe, static_cast<int64_t>(order.peers[peer]),
         static_cast<int64_t>(order.peers[peer + 1]), ordinal);
    }
    ++peer;
  }
}

// The aggregate's arguments in window order, and which rows pass FILTER.
struct SortedInput {
  std::vector<Datum> args;
  std::vector<uint8_t> pass;  // empty = every row passes
};

// Folds positions `positions[0..m)` (window order) into `agg`, row i into
// group ids[i] (ids may be nullptr: group 0).
Status Feed(GroupedAggregator* agg, const SortedInput& in, const int32_t* positions,
            const uint32_t* ids, int64_t m) {
  if (m == 0) return Status::OK();
  std::vector<Datum> args;
  args.reserve(in.args.size());
  for (const Datum& d : in.args) {
    args.push_back(d.is_scalar ? d : Datum::Flat(TakeColumn(*d.column, positions, m)));
  }
  return agg->Update(args, ids, m);
}

// Folds the window positions [begin, end) that pass the filter into group 0.
Status FeedRange(GroupedAggregator* agg, const SortedInput& in, int64_t begin, int64_t end,
                 std::vector<int32_t>* scratch) {
  if (end <= begin) return Status::OK();
  if (in.pass.empty()) {
    std::vector<Datum> args;
    args.reserve(in.args.size());
    for (const Datum& d : in.args) {
      args.push_back(d.is_scalar ? d : Datum::Flat(d.column->Slice(begin, end - begin)));
    }
    return agg->Update(args, nullptr, end - begin);
  }
  scratch->clear();
  for (int64_t p = begin; p < end; ++p) {
    if (in.pass[static_cast<size_t>(p)]) scratch->push_back(static_cast<int32_t>(p));
  }
  return Feed(agg, in, scratch->data(), nullptr, static_cast<int64_t>(scratch->size()));
}

}  // namespace

std::string WindowOperator::SpecKey(const WindowCall& call) {
  std::string key;
  for (const BoundExprPtr& e : call.partition_by) key += e->ToString() + ",";
  key += "|";
  for (const SortKey& k : call.order_by) key += k.ToString() + ",";
  return key;
}

Status WindowOperator::Arrange(const WindowCall& call, const Batch& input, Arranged* out) {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<Datum> partition_keys;
  for (const BoundExprPtr& e : call.partition_by) {
    COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*e, input));
    partition_keys.push_back(std::move(d));
  }
  out->order_keys.clear();
  out->orders.clear();
  for (const SortKey& k : call.order_by) {
    COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k.expr, input));
    out->order_keys.push_back(std::move(d));
    out->orders.push_back(KeyOrder{k.descending, k.nulls_first});
  }
  const int64_t n = input.num_rows();
  out->order = ArrangeWindow(partition_keys, out->order_keys, out->orders, n);
  out->inverse.resize(static_cast<size_t>(n));
  for (int64_t p = 0; p < n; ++p) {
    out->inverse[static_cast<size_t>(out->order.rows[static_cast<size_t>(p)])] =
        static_cast<int32_t>(p);
  }
  out->key = SpecKey(call);
  return ctx_->CheckCancelled();
}

Result<ColumnPtr> WindowOperator::Compute(const WindowCall& call, const Batch& input,
                                          const Arranged& arranged) {
  const int64_t n = input.num_rows();
  if (n == 0) return Column::MakeNull(call.type, 0);
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<Datum> args;
  for (const BoundExprPtr& e : call.args) {
    COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*e, input));
    args.push_back(std::move(d));
  }
  const WindowOrder& order = arranged.order;
  const std::vector<Datum>& order_keys = arranged.order_keys;
  const std::vector<KeyOrder>& orders = arranged.orders;
  const std::vector<int32_t>& inverse = arranged.inverse;
  auto frames = [&]() -> Result<WindowFrames> {
    const bool offsets = IsRangeOffset(call.frame.start) || IsRangeOffset(call.frame.end);
    const bool range = call.frame.unit == WindowFrameUnit::kRange && offsets;
    return ComputeFrames(order, call.frame, range ? &order_keys[0] : nullptr,
                         orders.empty() ? KeyOrder{} : orders[0]);
  };

  ColumnBuilder out(call.type, n);
  switch (call.kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
    case WindowFunctionKind::kNtile: {
      const Value buckets =
          call.kind == WindowFunctionKind::kNtile ? args[0].ScalarValue() : Value::Null();
      ForEachPosition(order, [&](int64_t p, int64_t ps, int64_t pe, int64_t gs, int64_t ge,
                                 int64_t ordinal) {
        const int64_t rows = pe - ps;
        switch (call.kind) {
          case WindowFunctionKind::kRowNumber: out.Append<int64_t>(p - ps + 1); break;
          case WindowFunctionKind::kRank: out.Append<int64_t>(gs - ps + 1); break;
          case WindowFunctionKind::kDenseRank: out.Append<int64_t>(ordinal + 1); break;
          case WindowFunctionKind::kPercentRank:
            out.Append<double>(
                rows > 1 ? static_cast<double>(gs - ps) / static_cast<double>(rows - 1) : 0.0);
            break;
          case WindowFunctionKind::kCumeDist:
            out.Append<double>(static_cast<double>(ge - ps) / static_cast<double>(rows));
            break;
          default: {  // ntile: the first rows % b buckets hold one row more
            if (buckets.is_null()) {
              out.AppendNull();
              break;
            }
            const int64_t b = buckets.GetInt64();
            const int64_t k = p - ps;
            const int64_t size = rows / b;
            const int64_t big = rows % b;  // buckets of size + 1
            const int64_t in_big = big * (size + 1);
            out.Append<int64_t>(k < in_big ? k / (size + 1) + 1 : big + (k - in_big) / size + 1);
          }
        }
      });
      break;
    }
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: {
      const Datum& x = args[0];
      const Value offset = args.size() >= 2 ? args[1].ScalarValue() : Value::Int64(1);
      const Datum* fallback = args.size() == 3 ? &args[2] : nullptr;
      const bool typed = x.type() == call.type;
      ForEachPosition(order, [&](int64_t p, int64_t ps, int64_t pe, int64_t, int64_t, int64_t) {
        if (offset.is_null() || !typed) {
          out.AppendNull();
          return;
        }
        const int64_t k = offset.GetInt64();
        // j = p -/+ k, without overflow for extreme offsets.
        const bool lag = call.kind == WindowFunctionKind::kLag;
        int64_t j = -1;
        if (lag ? (k <= p - ps && k >= p - (pe - 1)) : (k <= (pe - 1) - p && k >= ps - p)) {
          j = lag ? p - k : p + k;
        }
        if (j >= 0) {
          out.AppendFrom(*x.column, x.Index(order.rows[static_cast<size_t>(j)]));
        } else if (fallback != nullptr && fallback->type() == call.type) {
          out.AppendFrom(*fallback->column, fallback->Index(order.rows[static_cast<size_t>(p)]));
        } else {
          out.AppendNull();
        }
      });
      break;
    }
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue: {
      COPRA_ASSIGN_OR_RETURN(WindowFrames f, frames());
      const Datum& x = args[0];
      const bool typed = x.type() == call.type;
      const Value nth =
          call.kind == WindowFunctionKind::kNthValue ? args[1].ScalarValue() : Value::Int64(1);
      for (int64_t p = 0; p < n; ++p) {
        const int64_t s = f.start[static_cast<size_t>(p)];
        const int64_t e = f.end[static_cast<size_t>(p)];
        int64_t j = -1;
        if (typed && e > s && !nth.is_null()) {
          if (call.kind == WindowFunctionKind::kFirstValue) j = s;
          if (call.kind == WindowFunctionKind::kLastValue) j = e - 1;
          if (call.kind == WindowFunctionKind::kNthValue && nth.GetInt64() <= e - s) {
            j = s + nth.GetInt64() - 1;
          }
        }
        if (j >= 0) {
          out.AppendFrom(*x.column, x.Index(order.rows[static_cast<size_t>(j)]));
        } else {
          out.AppendNull();
        }
      }
      break;
    }
    case WindowFunctionKind::kAggregate: {
      COPRA_ASSIGN_OR_RETURN(WindowFrames f, frames());
      SortedInput in;
      for (const Datum& d : args) {
        in.args.push_back(d.is_scalar ? d
                                      : Datum::Flat(TakeColumn(*d.column, order.rows.data(), n)));
      }
      if (call.filter != nullptr) {
        COPRA_ASSIGN_OR_RETURN(Datum keep, evaluator.Evaluate(*call.filter, input));
        in.pass.resize(static_cast<size_t>(n));
        for (int64_t p = 0; p < n; ++p) {
          const int64_t row = keep.Index(order.rows[static_cast<size_t>(p)]);
          in.pass[static_cast<size_t>(p)] =
              keep.column->IsValid(row) && keep.column->GetBool(row) ? 1 : 0;
        }
      }
      // Frame groups: runs of positions with the same frame.
      std::vector<int32_t> group_of(static_cast<size_t>(n));
      std::vector<int32_t> group_first;  // first position of each frame group
      bool running = true;               // every frame starts at its partition's start
      for (size_t part = 0; part + 1 < order.partitions.size(); ++part) {
        const int32_t ps = order.partitions[part];
        for (int32_t p = ps; p < order.partitions[part + 1]; ++p) {
          const auto i = static_cast<size_t>(p);
          if (p == ps || f.start[i] != f.start[i - 1] || f.end[i] != f.end[i - 1]) {
            group_first.push_back(p);
          }
          group_of[i] = static_cast<int32_t>(group_first.size() - 1);
          running = running && f.start[i] == ps;
        }
      }
      const auto num_groups = static_cast<int64_t>(group_first.size());
      std::unique_ptr<GroupedAggregator> agg = call.aggregate->make(*call.aggregate);
      agg->Resize(num_groups);
      std::vector<int32_t> scratch;
      bool done = false;
      if (running) {
        // One pass per partition: extend a running state to each frame's
        // end and copy it into that frame's group.
        Status st = Status::OK();
        size_t g = 0;
        for (size_t part = 0; st.ok() && part + 1 < order.partitions.size(); ++part) {
          std::unique_ptr<GroupedAggregator> run = call.aggregate->make(*call.aggregate);
          run->Resize(1);
          int64_t fed = order.partitions[part];
          for (; g < group_first.size() && group_first[g] < order.partitions[part + 1]; ++g) {
            const int64_t end = f.end[static_cast<size_t>(group_first[g])];
            st = FeedRange(run.get(), in, fed, std::max(fed, end), &scratch);
            if (!st.ok()) break;
            fed = std::max(fed, end);
            const auto target = static_cast<uint32_t>(g);
            st = agg->Merge(*run, &target);
            if (!st.ok()) break;
          }
          if (st.ok()) st = ctx_->CheckCancelled();
        }
        if (st.ok()) {
          done = true;
        } else if (st.code() != ErrorCode::kFeatureNotSupported) {
          return st;
        } else {
          agg = call.aggregate->make(*call.aggregate);  // no merge: feed every frame
          agg->Resize(num_groups);
        }
      }
      if (!done) {
        int64_t visits = 0;
        for (int64_t g = 0; g < num_groups; ++g) {
          const auto p = static_cast<size_t>(group_first[static_cast<size_t>(g)]);
          visits += f.end[p] - f.start[p];
        }
        if (visits > kMaxFrameRows) {
          return Status::Error(
              ErrorCode::kOutOfMemory,
              "window frames of " + call.name + " would feed " + std::to_string(visits) +
                  " rows to the aggregate (limit " + std::to_string(kMaxFrameRows) +
                  "); use a frame starting at UNBOUNDED PRECEDING or a smaller frame");
        }
        constexpr size_t kChunk = 1 << 16;
        std::vector<int32_t> positions;
        std::vector<uint32_t> ids;
        auto flush = [&]() -> Status {
          Status st = Feed(agg.get(), in, positions.data(), ids.data(),
                           static_cast<int64_t>(positions.size()));
          positions.clear();
          ids.clear();
          if (!st.ok()) return st;
          return ctx_->CheckCancelled();
        };
        for (int64_t g = 0; g < num_groups; ++g) {
          const auto first = static_cast<size_t>(group_first[static_cast<size_t>(g)]);
          for (int32_t p = f.start[first]; p < f.end[first]; ++p) {
            if (!in.pass.empty() && !in.pass[static_cast<size_t>(p)]) continue;
            positions.push_back(p);
            ids.push_back(static_cast<uint32_t>(g));
            if (positions.size() == kChunk) COPRA_RETURN_NOT_OK(flush());
          }
        }
        COPRA_RETURN_NOT_OK(flush());
      }
      COPRA_ASSIGN_OR_RETURN(ColumnPtr per_group, agg->Finalize());
      ColumnPtr sorted = TakeColumn(*per_group, group_of.data(), n);
      return TakeColumn(*sorted, inverse.data(), n);
    }
  }
  ColumnPtr sorted = out.Finish();
  return TakeColumn(*sorted, inverse.data(), n);
}

Status WindowOperator::ConsumeInput() {
  std::vector<BatchPtr> batches;
  int64_t rows = 0;
  int64_t bytes = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) break;
    rows += batch->num_rows();
    for (const ColumnPtr& c : batch->columns()) bytes += ColumnBytes(*c);
    batches.push_back(std::move(batch));
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(bytes + rows * 16, "window"));
    COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
  }
  if (rows >= std::numeric_limits<int32_t>::max()) {
    return Status::Error(ErrorCode::kOutOfMemory,
                         "window functions over 2^31 rows or more are not supported");
  }
  const SchemaPtr& input_schema = child().schema();
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < input_schema->num_fields(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    columns.push_back(parts.empty()       ? Column::MakeNull(input_schema->field(c).type, 0)
                      : parts.size() == 1 ? parts[0]
                                          : ConcatColumns(parts));
  }
  batches.clear();
  BatchPtr input = Batch::Make(input_schema, columns, rows);
  // Calls with the same PARTITION BY and ORDER BY share one sort: compute
  // them grouped by specification, each into its own output column.
  std::vector<size_t> by_spec(calls_.size());
  std::iota(by_spec.begin(), by_spec.end(), 0);
  std::stable_sort(by_spec.begin(), by_spec.end(),
                   [this](size_t a, size_t b) { return SpecKey(calls_[a]) < SpecKey(calls_[b]); });
  const size_t width = columns.size();
  columns.resize(width + calls_.size());
  Arranged arranged;
  bool have_arranged = false;
  for (size_t i : by_spec) {
    const WindowCall& call = calls_[i];
    if (!have_arranged || arranged.key != SpecKey(call)) {
      COPRA_RETURN_NOT_OK(Arrange(call, *input, &arranged));
      have_arranged = true;
    }
    COPRA_ASSIGN_OR_RETURN(ColumnPtr c, Compute(call, *input, arranged));
    bytes += ColumnBytes(*c);
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(bytes + rows * 16, "window"));
    columns[width + i] = std::move(c);
  }
  result_ = Batch::Make(schema(), std::move(columns), rows);
  return Status::OK();
}

Result<BatchPtr> WindowOperator::NextImpl() {
  if (!consumed_) {
    consumed_ = true;
    COPRA_RETURN_NOT_OK(ConsumeInput());
  }
  const int64_t total = result_->num_rows();
  if (next_row_ >= total) return BatchPtr();
  const int64_t n = std::min(ctx_->batch_size, total - next_row_);
  BatchPtr out = result_->Slice(next_row_, n);
  next_row_ += n;
  return out;
}

}  // namespace copra
