// The built-in `numbers` table (as in GreptimeDB): one column `number`
// (INT UNSIGNED) holding 0, 1, 2, ... 99. A scan with a pushed-down limit
// produces only what it needs. Read-only and visible from every database.
#pragma once

#include "catalog/table.h"

namespace copra {

class NumbersTable : public Table {
 public:
  static constexpr int64_t kRows = 100;

  NumbersTable();
  bool IsSystem() const override { return true; }
  std::string engine() const override { return "system"; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;
};

}  // namespace copra
