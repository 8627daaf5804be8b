// CRC-32C (Castagnoli), the checksum on every persistent record: WAL
// records, the manifest and table definitions. Uses the SSE4.2 crc32
// instruction when the CPU has it, a table otherwise; both give the same
// value. Thread-safe (pure functions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace copra::storage {

// Extends `crc` (0 to start) over data[0..n).
uint32_t Crc32c(uint32_t crc, const void* data, size_t n);
inline uint32_t Crc32c(std::string_view bytes) { return Crc32c(0, bytes.data(), bytes.size()); }

}  // namespace copra::storage
