#include "planner/bind_scope.h"

#include "common/suggest.h"

namespace copra {

void BindScope::Append(const BindScope& other) {
  columns_.insert(columns_.end(), other.columns_.begin(), other.columns_.end());
}

bool BindScope::HasQualifier(const std::string& qualifier) const {
  for (const ScopeColumn& c : columns_) {
    if (c.qualifier == qualifier) return true;
  }
  return false;
}

Result<int> BindScope::Resolve(const std::string& qualifier, const std::string& name,
                               SourcePosition pos) const {
  int found = -1;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ScopeColumn& c = columns_[i];
    if (c.name != name || (!qualifier.empty() && c.qualifier != qualifier)) continue;
    if (found >= 0 && !(qualifier.empty() && c.hidden)) {
      if (columns_[static_cast<size_t>(found)].hidden) {
        found = static_cast<int>(i);
        continue;
      }
      return Status::Error(ErrorCode::kAmbiguousColumn,
                           "column reference \"" + name + "\" is ambiguous", pos);
    }
    if (found < 0) found = static_cast<int>(i);
  }
  if (found >= 0) return found;
  std::string full = qualifier.empty() ? name : qualifier + "." + name;
  if (!qualifier.empty() && !HasQualifier(qualifier)) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "missing FROM-clause entry for table \"" + qualifier + "\"", pos);
  }
  std::vector<std::string> candidates;
  for (const ScopeColumn& c : columns_) {
    if (qualifier.empty() || c.qualifier == qualifier) candidates.push_back(c.name);
  }
  return Status::Error(ErrorCode::kUndefinedColumn,
                       "column \"" + full + "\" does not exist" + DidYouMean(name, candidates),
                       pos);
}

}  // namespace copra
