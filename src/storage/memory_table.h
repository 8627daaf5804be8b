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

#include "catalog/schema_change.h"
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

  // ALTER TABLE: a new table `name` with this table's rows converted by
  // `change`. This table then forwards inserts (converted) to the new one,
  // so a statement still holding it loses nothing; its DELETEs fail.
  std::shared_ptr<MemoryTable> Alter(std::string name, const SchemaChange& change);

 private:
  mutable std::mutex mu_;
  std::vector<BatchPtr> batches_;  // GUARDED_BY(mu_)
  // Set by Alter: the table that took over, and how rows convert to it.
  std::shared_ptr<MemoryTable> successor_;      // GUARDED_BY(mu_)
  std::shared_ptr<const SchemaChange> change_;  // GUARDED_BY(mu_)
};

}  // namespace copra
