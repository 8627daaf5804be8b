// Privilege: what a user may do in one database, as a level; each level
// includes the ones below it:
//   kRead   SELECT, SHOW, DESCRIBE, COPY ... TO STDOUT, running scripts
//   kWrite  kRead + INSERT, DELETE, TRUNCATE, COPY ... FROM STDIN,
//           InfluxDB line-protocol writes (which may create tables)
//   kAdmin  kWrite + DDL in the database, including creating, replacing and
//           dropping anything that runs code (scripts, Python functions,
//           external streams)
// Superusers (a user attribute) may do everything everywhere. The policy
// that maps statements to levels is engine/access_control.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace copra {

enum class Privilege : uint8_t { kNone = 0, kRead = 1, kWrite = 2, kAdmin = 3 };

// "none", "read", "write", "admin".
const char* PrivilegeName(Privilege p);

// The level named `name` (lower case "read", "write", "admin"); nullopt for
// anything else.
std::optional<Privilege> ParsePrivilege(std::string_view name);

// The key under which grants ON ALL DATABASES (ON *) are stored; it applies
// to every database, present and future.
inline constexpr std::string_view kAllDatabases = "*";

}  // namespace copra
