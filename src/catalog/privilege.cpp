#include "catalog/privilege.h"

namespace copra {

const char* PrivilegeName(Privilege p) {
  switch (p) {
    case Privilege::kRead: return "read";
    case Privilege::kWrite: return "write";
    case Privilege::kAdmin: return "admin";
    default: return "none";
  }
}

std::optional<Privilege> ParsePrivilege(std::string_view name) {
  if (name == "read") return Privilege::kRead;
  if (name == "write") return Privilege::kWrite;
  if (name == "admin") return Privilege::kAdmin;
  return std::nullopt;
}

}  // namespace copra
