// Minimal POSIX file access for Parquet files: an append-only output file
// that fsyncs on Close, and a positional-read input file shareable between
// readers (pread does not move a shared offset, so it is thread-safe).
// I/O failures are kIoError (kDiskFull for ENOSPC) naming the path.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace copra::parquet {

class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path);
  ~OutputFile();
  Status Append(const void* data, size_t size);
  Status Append(const std::string& s) { return Append(s.data(), s.size()); }
  // Bytes written so far.
  int64_t position() const { return position_; }
  // fsyncs and closes.
  Status Close();
  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  int64_t position_ = 0;
};

class InputFile {
 public:
  static Result<std::shared_ptr<InputFile>> Open(const std::string& path);
  ~InputFile();
  int64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  // Reads exactly `size` bytes at `offset`; a short read is kDataCorrupted.
  Status ReadAt(int64_t offset, int64_t size, uint8_t* out) const;

 private:
  InputFile(std::string path, int fd, int64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  int64_t size_;
};

}  // namespace copra::parquet
