// generate_series(start, stop[, step]): a one-column BIGINT table
// `generate_series` with start, start+step, ... up to and including stop
// (PostgreSQL semantics; a step of 0 is an error, an empty range gives no
// rows). Created per query by the binder.
#pragma once

#include "catalog/table.h"

namespace copra {

class SeriesTable : public Table {
 public:
  // REQUIRES: step != 0.
  SeriesTable(int64_t start, int64_t stop, int64_t step);
  bool IsSystem() const override { return true; }
  std::string engine() const override { return "system"; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;

 private:
  int64_t start_, stop_, step_;
};

}  // namespace copra
