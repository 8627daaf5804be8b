// Page compression: zstd, snappy, LZ4_RAW (a bare LZ4 block) and none.
// Stateless functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "storage/parquet/format.h"
#include "storage/parquet/writer_options.h"

namespace copra::parquet {

format::Codec ToFormatCodec(Compression c);

// Appends the compressed form of [data, data + size) to *out.
Status Compress(format::Codec codec, const uint8_t* data, size_t size, std::string* out);

// Decompresses into `out`, which must be exactly the uncompressed size the
// page header states; a size mismatch or a malformed stream is
// kDataCorrupted, an unknown codec kFeatureNotSupported.
Status Decompress(format::Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                  size_t out_size);

}  // namespace copra::parquet
