// StorageTable: a user table kept by the durable storage engine (engine
// "mito", as GreptimeDB calls it): a Table over one Region. Inserts go
// through the region's WAL and memtable; DELETE finds the matching rows with
// a scan and writes delete markers for them; scans are region scans with
// the optimizer's pushdown. Thread-safe (the Region is).
#pragma once

#include <memory>

#include "catalog/table.h"
#include "storage/region.h"

namespace copra::storage {

class StorageTable : public Table {
 public:
  StorageTable(std::string database, std::string name, uint64_t region_id,
               std::shared_ptr<Region> region);

  std::string engine() const override { return "mito"; }
  bool SupportsScanAggregation() const override { return true; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;
  Result<int64_t> Insert(const BatchPtr& batch) override;
  Result<int64_t> Delete(const RowPredicate& predicate) override;

  const std::string& database() const { return database_; }
  uint64_t region_id() const { return region_id_; }
  const std::shared_ptr<Region>& region() const { return region_; }

 private:
  std::string database_;
  uint64_t region_id_;
  std::shared_ptr<Region> region_;
};

}  // namespace copra::storage
