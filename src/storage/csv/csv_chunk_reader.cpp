#include "storage/csv/csv_chunk_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace copra::csv {

void CsvChunk::Reserve(size_t n) {
  if (n <= capacity) return;
  std::unique_ptr<char[]> bigger(new char[n + kPadding]);
  if (size > 0) std::memcpy(bigger.get(), data.get(), size);
  data = std::move(bigger);
  capacity = n;
}

Result<std::unique_ptr<CsvChunkReader>> CsvChunkReader::Open(const std::string& path,
                                                             CsvOptions options,
                                                             size_t chunk_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    ErrorCode code = err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError;
    return Status::Error(code, "cannot open \"" + path + "\": " + std::strerror(err));
  }
#ifdef POSIX_FADV_SEQUENTIAL
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return std::unique_ptr<CsvChunkReader>(
      new CsvChunkReader(path, fd, std::move(options), std::max<size_t>(chunk_bytes, 64)));
}

CsvChunkReader::CsvChunkReader(std::string path, int fd, CsvOptions options, size_t chunk_bytes)
    : path_(std::move(path)),
      fd_(fd),
      options_(options),
      chunk_bytes_(chunk_bytes),
      scanner_(std::move(options), 0) {}

CsvChunkReader::~CsvChunkReader() { ::close(fd_); }

size_t CsvChunkReader::CompleteRecords(const char* data, size_t size) {
  if (!first_record_seen_) {
    // The first block holds the file's first record whole (a header is
    // skipped by whoever parses block 0).
    const char* p = data;
    int64_t line = 0;
    if (scanner_.Next(&p, data + size, /*eof=*/false, &line) ==
        CsvRecordScanner::Outcome::kIncomplete) {
      return 0;
    }
    first_record_seen_ = true;
  }
  if (std::memchr(data, options_.quote, size) == nullptr) {
    // Without quotes every line break ends a record.
    const void* last = ::memrchr(data, '\n', size);
    return last == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(last) - data) + 1;
  }
  const char* p = data;
  const char* end = data + size;
  int64_t line = 0;
  while (true) {
    switch (scanner_.Next(&p, end, /*eof=*/false, &line)) {
      case CsvRecordScanner::Outcome::kRecord: continue;
      case CsvRecordScanner::Outcome::kEnd:
      case CsvRecordScanner::Outcome::kIncomplete: return static_cast<size_t>(p - data);
      // Parsing the block stops at the same error: what follows it does
      // not matter.
      case CsvRecordScanner::Outcome::kError: return size;
    }
  }
}

Result<bool> CsvChunkReader::Next(CsvChunk* chunk) {
  chunk->size = 0;
  chunk->Reserve(std::max(chunk_bytes_, carry_.size + chunk_bytes_ / 2));
  if (carry_.size > 0) {
    std::memcpy(chunk->data.get(), carry_.data.get(), carry_.size);
    chunk->size = carry_.size;
    carry_.size = 0;
  }
  while (true) {
    if (eof_) return chunk->size > 0;
    while (chunk->size < chunk->capacity) {
      ssize_t n = ::read(fd_, chunk->data.get() + chunk->size, chunk->capacity - chunk->size);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::IOError("cannot read \"" + path_ + "\": " + std::strerror(errno));
      }
      if (n == 0) {
        eof_ = true;
        return chunk->size > 0;
      }
      chunk->size += static_cast<size_t>(n);
    }
    const size_t whole = CompleteRecords(chunk->data.get(), chunk->size);
    if (whole == 0) {
      // One record longer than the block: read on into a larger one.
      chunk->Reserve(chunk->capacity * 2);
      continue;
    }
    carry_.size = 0;
    if (chunk->size > whole) {
      carry_.Reserve(chunk->size - whole);
      std::memcpy(carry_.data.get(), chunk->data.get() + whole, chunk->size - whole);
      carry_.size = chunk->size - whole;
    }
    chunk->size = whole;
    return true;
  }
}

}  // namespace copra::csv
