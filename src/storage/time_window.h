// Time windows and durations for storage tables: the `time_window` table
// option (files never mix rows of two windows; default one day) and `ttl`
// (rows older than now - ttl are expired). Durations are written like
// "7d", "1h", "30m", "90s", "500ms", "2w", combinations such as "1d12h",
// or "forever"/"0" for no TTL.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "catalog/table_schema.h"
#include "common/status.h"

namespace copra::storage {

// Milliseconds in `text`; kInvalidParameter for anything else.
Result<int64_t> ParseDurationMillis(std::string_view text);

// Storage settings derived from a table's schema and options, in ticks of
// its time index unit.
struct TimeSettings {
  int64_t window_ticks = 0;          // > 0
  std::optional<int64_t> ttl_ticks;  // absent = keep forever
  int64_t ticks_per_second = 1000;
};
Result<TimeSettings> TimeSettingsFor(const TableSchema& schema);

// Start of the window holding `t`.
int64_t WindowStart(int64_t t, int64_t window_ticks);

}  // namespace copra::storage
