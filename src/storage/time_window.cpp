#include "storage/time_window.h"

#include <cctype>
#include <string>

#include "types/time_format.h"

namespace copra::storage {

Result<int64_t> ParseDurationMillis(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  auto bad = [&]() {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "invalid duration '" + std::string(text) +
                             "' (expected e.g. '7d', '12h', '30m', '90s', '1d12h')");
  };
  if (s.empty()) return bad();
  if (s == "forever" || s == "0") return int64_t{0};
  int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 12) return bad();
    int64_t n = std::stoll(s.substr(start, i - start));
    size_t ustart = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string unit = s.substr(ustart, i - ustart);
    int64_t ms = 0;
    if (unit == "ms")
      ms = 1;
    else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
             unit == "seconds")
      ms = 1000;
    else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
             unit == "minutes")
      ms = 60000;
    else if (unit == "h" || unit == "hour" || unit == "hours")
      ms = 3600000;
    else if (unit == "d" || unit == "day" || unit == "days")
      ms = 86400000;
    else if (unit == "w" || unit == "week" || unit == "weeks")
      ms = 7 * 86400000LL;
    else
      return bad();
    total += n * ms;
  }
  return total;
}

int64_t WindowStart(int64_t t, int64_t window_ticks) {
  return FloorDiv(t, window_ticks) * window_ticks;
}

Result<TimeSettings> TimeSettingsFor(const TableSchema& schema) {
  TimeSettings out;
  TimeUnit unit = TimeUnit::kMillisecond;
  if (schema.time_index() >= 0)
    unit = schema.column(static_cast<size_t>(schema.time_index())).type.unit();
  out.ticks_per_second = UnitsPerSecond(unit);
  auto to_ticks = [&](int64_t ms) -> int64_t {
    if (out.ticks_per_second >= 1000) return ms * (out.ticks_per_second / 1000);
    return std::max<int64_t>(1, ms / 1000);
  };
  int64_t window_ms = 86400000;
  auto it = schema.options().find("time_window");
  if (it != schema.options().end()) {
    COPRA_ASSIGN_OR_RETURN(window_ms, ParseDurationMillis(it->second));
    if (window_ms <= 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "time_window must be positive");
    }
  }
  out.window_ticks = to_ticks(window_ms);
  it = schema.options().find("ttl");
  if (it != schema.options().end()) {
    COPRA_ASSIGN_OR_RETURN(int64_t ttl_ms, ParseDurationMillis(it->second));
    if (ttl_ms > 0) out.ttl_ticks = to_ticks(ttl_ms);
  }
  return out;
}

}  // namespace copra::storage
