#include "storage/page_pruning.h"

#include <algorithm>

namespace copra::storage {

namespace {

bool TimeMayMatch(const ColumnRange* t, int64_t lo, int64_t hi) {
  if (t == nullptr || !t->min || !t->max || t->min->is_null() || t->max->is_null()) return true;
  return t->max->GetInt64() >= lo && t->min->GetInt64() < hi;
}

}  // namespace

PagePruning PruneRowGroupPages(int64_t num_rows, const std::vector<ColumnPages>& pages,
                               int time_column, int64_t lo, int64_t hi,
                               const std::vector<std::shared_ptr<const BoundExpr>>& filters,
                               const std::function<const ColumnRange*(int column)>& range_of) {
  PagePruning out;
  if (num_rows <= 0) return out;
  // Every page boundary of every column cuts the row group into pieces;
  // each piece lies in exactly one page per column.
  std::vector<int64_t> cuts;
  for (const ColumnPages& c : pages) {
    for (int64_t r : c.first_rows) {
      if (r > 0 && r < num_rows) cuts.push_back(r);
    }
  }
  cuts.push_back(num_rows);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::vector<size_t> page(pages.size(), 0);  // per column: page covering the piece
  std::vector<std::vector<bool>> page_kept(pages.size());
  for (size_t c = 0; c < pages.size(); ++c) page_kept[c].assign(pages[c].first_rows.size(), false);
  auto lookup = [&](int column) -> const ColumnRange* {
    for (size_t c = 0; c < pages.size(); ++c) {
      if (pages[c].column == column) return &pages[c].ranges[page[c]];
    }
    return range_of(column);
  };
  int64_t begin = 0;
  for (int64_t end : cuts) {
    for (size_t c = 0; c < pages.size(); ++c) {
      const std::vector<int64_t>& first = pages[c].first_rows;
      while (page[c] + 1 < first.size() && first[page[c] + 1] <= begin) ++page[c];
    }
    bool keep = time_column < 0 || TimeMayMatch(lookup(time_column), lo, hi);
    for (size_t i = 0; keep && i < filters.size(); ++i) {
      if (!MayMatch(*filters[i], lookup)) keep = false;
    }
    if (keep) {
      for (size_t c = 0; c < pages.size(); ++c) page_kept[c][page[c]] = true;
      if (!out.rows.empty() && out.rows.back().end == begin) {
        out.rows.back().end = end;
      } else {
        out.rows.push_back({begin, end});
      }
    }
    begin = end;
  }
  for (const std::vector<bool>& kept : page_kept) {
    for (bool k : kept) (k ? out.pages_kept : out.pages_pruned) += 1;
  }
  return out;
}

std::vector<int32_t> RowsOfRanges(const std::vector<RowRange>& ranges) {
  std::vector<int32_t> rows;
  for (const RowRange& r : ranges) {
    for (int64_t i = r.begin; i < r.end; ++i) rows.push_back(static_cast<int32_t>(i));
  }
  return rows;
}

}  // namespace copra::storage
