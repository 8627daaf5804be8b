#include "storage/storage_options.h"

#include <cctype>
#include <string>

namespace copra::storage {

Result<WalSyncMode> ParseWalSyncMode(std::string_view text) {
  if (text == "every_commit") return WalSyncMode::kEveryCommit;
  if (text == "interval") return WalSyncMode::kInterval;
  if (text == "never") return WalSyncMode::kNever;
  return Status::InvalidArgument("expected every_commit, interval or never, not \"" +
                                 std::string(text) + "\"");
}

Result<int64_t> ParseByteSize(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string unit;
  for (char c : text.substr(i)) {
    if (c != ' ') unit.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  int64_t scale = unit.empty() || unit == "B"     ? 1
                  : unit == "KB" || unit == "KIB" ? int64_t{1} << 10
                  : unit == "MB" || unit == "MIB" ? int64_t{1} << 20
                  : unit == "GB" || unit == "GIB" ? int64_t{1} << 30
                                                  : 0;
  if (i == 0 || i > 12 || scale == 0) {
    return Status::InvalidArgument("expected a size such as 64MB, not \"" + std::string(text) +
                                   "\"");
  }
  return std::stoll(std::string(text.substr(0, i))) * scale;
}

}  // namespace copra::storage
