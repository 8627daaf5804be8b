// RegionScan: reads a region for Table::Scan. Takes a snapshot (memtables +
// live files) when it opens, so concurrent writes, flushes and compactions
// never disturb it (files retired meanwhile stay on disk until it ends).
//
// Pruning, cheapest first: whole files by the time range the manifest
// records, then Parquet row groups by the time column's and the filters'
// statistics (storage/stats_pruning.h). Rows are then cut to the time range.
// Each source (memtable, file) is sorted and resolved; a row may have a
// version in another source only at times both sources cover (contested
// times, storage/run_overlap.h). Rows at other times stream as they are,
// row group by row group, with every pruning; rows at contested times are
// collected per cluster of overlapping sources and resolved to one version
// per (key, time) (storage/row_versions.h), and their row groups are
// pruned by key and time only, since a newer version of a row may live
// elsewhere. A cluster expected to hold more than
// StorageOptions::scan_max_collected_rows contested rows is merged whole by
// a streaming k-way merge instead (storage/sorted_merge.h).
//
// Thread safety: the reader is used by one thread (BatchReader contract).
#pragma once

#include <memory>

#include "catalog/table.h"
#include "storage/manifest.h"
#include "storage/memtable/memtable.h"

namespace copra::storage {

class Region;

struct RegionSnapshot {
  std::vector<std::shared_ptr<Memtable>> memtables;
  std::vector<DataFilePtr> files;
};

Result<std::unique_ptr<BatchReader>> OpenRegionScan(const Region& region, RegionSnapshot snapshot,
                                                    const ScanRequest& request,
                                                    ScanMetrics* metrics);

}  // namespace copra::storage
