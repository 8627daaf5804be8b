#include "storage/parquet/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace copra::parquet {
namespace {

Status IoError(const std::string& what, const std::string& path, int err) {
  if (err == ENOSPC) {
    return Status::Error(ErrorCode::kDiskFull, what + " \"" + path + "\": " + std::strerror(err));
  }
  if (err == ENOENT) {
    return Status::Error(ErrorCode::kNotFound, what + " \"" + path + "\": " + std::strerror(err));
  }
  return Status::IOError(what + " \"" + path + "\": " + std::strerror(err));
}

}  // namespace

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot create", path, errno);
  return std::unique_ptr<OutputFile>(new OutputFile(path, fd));
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status OutputFile::Append(const void* data, size_t size) {
  if (fd_ < 0) return Status::Internal("write to a closed file");
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path_, errno);
    }
    p += n;
    size -= static_cast<size_t>(n);
    position_ += n;
  }
  return Status::OK();
}

Status OutputFile::Close() {
  if (fd_ < 0) return Status::OK();
  int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("cannot sync", path_, err);
  }
  if (::close(fd) != 0) return IoError("cannot close", path_, errno);
  return Status::OK();
}

Result<std::shared_ptr<InputFile>> InputFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return IoError("cannot stat", path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("\"" + path + "\" is a directory, not a Parquet file");
  }
  return std::shared_ptr<InputFile>(new InputFile(path, fd, st.st_size));
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status InputFile::ReadAt(int64_t offset, int64_t size, uint8_t* out) const {
  if (offset < 0 || size < 0 || offset + size > size_) {
    return Status::Corruption("read past the end of \"" + path_ + "\"");
  }
  while (size > 0) {
    ssize_t n = ::pread(fd_, out, static_cast<size_t>(size), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read", path_, errno);
    }
    if (n == 0) return Status::Corruption("\"" + path_ + "\" is shorter than expected");
    out += n;
    size -= n;
    offset += n;
  }
  return Status::OK();
}

}  // namespace copra::parquet
