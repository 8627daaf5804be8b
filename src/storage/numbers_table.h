// The built-in `numbers` table (as in GreptimeDB): one column `number`
// (INT UNSIGNED) holding 0, 1, 2, ... 99. A scan with a pushed-down limit
// produces only what it needs. Read-only and visible from every database.
// The table function numbers(N) is the same table with N rows.
#pragma once

#include "catalog/table.h"

namespace copra {

class NumbersTable : public Table {
 public:
  static constexpr int64_t kRows = 100;

  explicit NumbersTable(int64_t rows = kRows);
  bool IsSystem() const override { return true; }
  std::string engine() const override { return "system"; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;

 private:
  int64_t rows_;
};

}  // namespace copra
