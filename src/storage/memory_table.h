// MemoryTable: a table held in memory as a list of immutable batches. Used
// for tables until the durable storage engine (WAL + Parquet regions)
// replaces it, and for purely in-memory databases in tests. Scans see a
// snapshot of the batches taken when the scan opens.
//
// Thread-safe: a mutex guards the batch list; batches themselves are
// immutable and shared with running scans.
#pragma once

#include <mutex>
#include <vector>

#include "catalog/table.h"

namespace copra {

class MemoryTable : public Table {
 public:
  MemoryTable(std::string name, TableSchema schema);

  std::string engine() const override { return "memory"; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;
  Result<int64_t> Insert(const BatchPtr& batch) override;
  Result<int64_t> Delete(const RowPredicate& predicate) override;

  int64_t num_rows() const;

 private:
  mutable std::mutex mu_;
  std::vector<BatchPtr> batches_;  // GUARDED_BY(mu_)
};

}  // namespace copra
