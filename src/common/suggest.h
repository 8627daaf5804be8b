// "Did you mean ...?" suggestions for unknown names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace copra {

// Levenshtein distance (byte-wise, case-insensitive).
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a plausible
// typo (distance <= max(1, len/3)); "" otherwise.
std::string ClosestMatch(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean \"x\"?)" or "" — ready to append to an error message.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace copra
