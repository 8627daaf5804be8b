#include "storage/parquet/codec.h"

#include <lz4.h>
#include <snappy-c.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <string>

namespace copra::parquet {
namespace {
// Apache Arrow's Parquet writer's default. On TSBS data (float pages of 1,024
// values) it wrote 1.5% smaller files than level 3 and a long COPY used a few
// percent less CPU (docs/storage.md, "Long loads"); decompression speed does
// not depend on the level.
constexpr int kZstdLevel = 1;
}  // namespace

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kUncompressed: return "uncompressed";
    case Compression::kSnappy: return "snappy";
    case Compression::kZstd: return "zstd";
    case Compression::kLz4: return "lz4";
  }
  return "unknown";
}

format::Codec ToFormatCodec(Compression c) {
  switch (c) {
    case Compression::kUncompressed: return format::Codec::kUncompressed;
    case Compression::kSnappy: return format::Codec::kSnappy;
    case Compression::kZstd: return format::Codec::kZstd;
    case Compression::kLz4: return format::Codec::kLz4Raw;
  }
  return format::Codec::kUncompressed;
}

Status Compress(format::Codec codec, const uint8_t* data, size_t size, std::string* out) {
  size_t base = out->size();
  switch (codec) {
    case format::Codec::kUncompressed:
      out->append(reinterpret_cast<const char*>(data), size);
      return Status::OK();
    case format::Codec::kZstd: {
      size_t bound = ZSTD_compressBound(size);
      out->resize(base + bound);
      // One compression context per thread, reused: ZSTD_compress would
      // set up (allocate and clear) a fresh one for every page.
      thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                              ZSTD_freeCCtx);
      if (context == nullptr) return Status::Internal("zstd: cannot create a context");
      size_t n =
          ZSTD_compressCCtx(context.get(), out->data() + base, bound, data, size, kZstdLevel);
      if (ZSTD_isError(n)) {
        return Status::Internal(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
      }
      out->resize(base + n);
      return Status::OK();
    }
    case format::Codec::kSnappy: {
      size_t bound = snappy_max_compressed_length(size);
      out->resize(base + bound);
      size_t n = bound;
      if (snappy_compress(reinterpret_cast<const char*>(data), size, out->data() + base, &n) !=
          SNAPPY_OK) {
        return Status::Internal("snappy compression failed");
      }
      out->resize(base + n);
      return Status::OK();
    }
    case format::Codec::kLz4Raw: {
      if (size > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
        return Status::InvalidArgument("page too large for LZ4");
      }
      int bound = LZ4_compressBound(static_cast<int>(size));
      out->resize(base + static_cast<size_t>(bound));
      int n = LZ4_compress_default(reinterpret_cast<const char*>(data), out->data() + base,
                                   static_cast<int>(size), bound);
      if (n <= 0) return Status::Internal("lz4 compression failed");
      out->resize(base + static_cast<size_t>(n));
      return Status::OK();
    }
    default: break;
  }
  return Status::NotSupported(std::string("writing Parquet compression codec ") +
                              format::CodecName(codec) + " is not supported");
}

Status Decompress(format::Codec codec, const uint8_t* data, size_t size, uint8_t* out,
                  size_t out_size) {
  auto mismatch = [&](const std::string& detail) {
    return Status::Corruption(std::string(format::CodecName(codec)) +
                              " page does not decompress: " + detail);
  };
  switch (codec) {
    case format::Codec::kUncompressed:
      if (size != out_size) return mismatch("stored size differs from the page size");
      if (size > 0) std::memcpy(out, data, size);
      return Status::OK();
    case format::Codec::kZstd: {
      // One decompression context per thread, reused: ZSTD_decompress
      // allocates and initializes a new one per call, which showed with
      // small pages.
      thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(),
                                                                              ZSTD_freeDCtx);
      if (context == nullptr) return Status::Internal("zstd: cannot create a context");
      size_t n = ZSTD_decompressDCtx(context.get(), out, out_size, data, size);
      if (ZSTD_isError(n)) return mismatch(ZSTD_getErrorName(n));
      if (n != out_size) return mismatch("wrong uncompressed size");
      return Status::OK();
    }
    case format::Codec::kSnappy: {
      size_t n = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(data), size, &n) != SNAPPY_OK ||
          n != out_size) {
        return mismatch("wrong uncompressed size");
      }
      if (snappy_uncompress(reinterpret_cast<const char*>(data), size, reinterpret_cast<char*>(out),
                            &n) != SNAPPY_OK) {
        return mismatch("malformed stream");
      }
      return Status::OK();
    }
    case format::Codec::kLz4Raw: {
      if (size > static_cast<size_t>(INT32_MAX) || out_size > static_cast<size_t>(INT32_MAX)) {
        return mismatch("page too large");
      }
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data), reinterpret_cast<char*>(out),
                                  static_cast<int>(size), static_cast<int>(out_size));
      if (n < 0 || static_cast<size_t>(n) != out_size) return mismatch("malformed stream");
      return Status::OK();
    }
    default: break;
  }
  return Status::NotSupported(std::string("Parquet compression codec ") + format::CodecName(codec) +
                              " is not supported");
}

}  // namespace copra::parquet
