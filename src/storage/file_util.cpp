#include "storage/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "storage/checksum.h"

namespace copra::storage {

namespace {
std::atomic<bool> g_disk_full{false};
}  // namespace

void SetDiskFullForTesting(bool full) { g_disk_full.store(full); }
bool DiskFullForTesting() { return g_disk_full.load(); }

Status ErrnoStatus(const std::string& op, const std::string& path, int err) {
  std::string msg = "cannot " + op + " \"" + path + "\": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::Error(ErrorCode::kDiskFull, msg);
  return Status::IOError(msg);
}

Status WriteAll(int fd, const void* data, size_t n, const std::string& path) {
  if (g_disk_full.load()) return ErrnoStatus("write", path, ENOSPC);
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::OK();
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync directory", dir, err);
  return Status::OK();
}

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", tmp, errno);
  Status st = WriteAll(fd, contents.data(), contents.size(), tmp);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoStatus("fsync", tmp, errno);
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) st = ErrnoStatus("rename", tmp, errno);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return SyncDirectory(std::filesystem::path(path).parent_path().string());
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  std::string out;
  char buf[1 << 16];
  while (true) {
    ssize_t r = ::read(fd, buf, sizeof(buf));
    if (r < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoStatus("read", path, err);
    }
    if (r == 0) break;
    out.append(buf, static_cast<size_t>(r));
  }
  ::close(fd);
  return out;
}

std::string AddChecksumTrailer(std::string body) {
  if (body.empty() || body.back() != '\n') body.push_back('\n');
  char trailer[32];
  std::snprintf(trailer, sizeof(trailer), "crc32c %08x\n", Crc32c(body));
  return body + trailer;
}

Result<std::string> CheckChecksumTrailer(const std::string& contents, const std::string& path) {
  constexpr size_t kTrailer = 16;  // "crc32c " + 8 hex + "\n"
  if (contents.size() < kTrailer ||
      contents.compare(contents.size() - kTrailer, 7, "crc32c ") != 0) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "file \"" + path + "\" is corrupted: checksum trailer missing");
  }
  std::string body = contents.substr(0, contents.size() - kTrailer);
  uint32_t stored = static_cast<uint32_t>(
      std::strtoul(contents.substr(contents.size() - 9, 8).c_str(), nullptr, 16));
  if (stored != Crc32c(body)) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "file \"" + path + "\" is corrupted: checksum mismatch");
  }
  return body;
}

}  // namespace copra::storage
