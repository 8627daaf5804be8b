// RegionScan: reads a region for Table::Scan. Takes a snapshot (memtables +
// live files) when it opens, so concurrent writes, flushes and compactions
// never disturb it (files retired meanwhile stay on disk until it ends).
//
// Pruning, cheapest first: whole files by the time range the manifest
// records, then Parquet row groups by the time column's and the filters'
// statistics (storage/stats_pruning.h). Rows are then cut to the time range
// and, where sources overlap in time, merged and resolved to one version
// per (key, time) (storage/row_versions.h). Sources that overlap nothing
// (the common case after compaction) stream row group by row group with
// no merge, and may also be pruned by field statistics; overlapping ones
// only by key and time, since a newer version of a row may live elsewhere.
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
