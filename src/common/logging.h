// A tiny process-wide logger: timestamped lines on stderr, filtered by level.
//
//   COPRA_LOG(kInfo, fmt::format("listening on {}", addr));
//
// The message expression is only evaluated when the level is enabled. Lines
// are written whole (one write per line), so threads do not interleave.
// Thread-safe. Not for user-facing results: those go to stdout or a client.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace copra {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Lines below `level` are dropped. The default is kInfo.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool LogEnabled(LogLevel level);

// Parses "debug", "info", "warn" (or "warning"), "error"; case-insensitive.
Result<LogLevel> ParseLogLevel(std::string_view name);
const char* LogLevelName(LogLevel level);

// Writes "2024-05-01T12:00:00.123Z INFO  <message>\n" to stderr.
void Log(LogLevel level, std::string_view message);

}  // namespace copra

#define COPRA_LOG(level, message)                        \
  do {                                                   \
    if (::copra::LogEnabled(::copra::LogLevel::level)) { \
      ::copra::Log(::copra::LogLevel::level, (message)); \
    }                                                    \
  } while (0)
