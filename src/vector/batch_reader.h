// BatchReader: a pull-based stream of batches (table scans, query results).
// Next() returns nullptr at the end. Not thread-safe.
#pragma once

#include "common/status.h"
#include "vector/batch.h"

namespace copra {

class BatchReader {
 public:
  virtual ~BatchReader() = default;
  virtual const SchemaPtr& schema() const = 0;
  virtual Result<BatchPtr> Next() = 0;
};

}  // namespace copra
