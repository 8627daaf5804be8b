#include "python/shared_batch.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace copra {

namespace {

constexpr uint32_t kMagic = 0x42535043;  // "CPSB"
constexpr uint32_t kVersion = 1;
constexpr int64_t kAlign = 64;
constexpr uint32_t kRaggedFlag = 1;  // Header::reserved: columns of their own lengths

struct Header {
  uint32_t magic;
  uint32_t version;
  uint32_t num_columns;
  uint32_t reserved;
  int64_t num_rows;
};

struct Region {
  int64_t offset;
  int64_t size;
};

struct ColumnHeader {
  uint8_t type_id;
  uint8_t unit;
  uint8_t reserved[6];
  int64_t length;
  int64_t null_count;
  Region validity;
  Region values;
  Region data;
};

int64_t AlignUp(int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

// Bytes of the values buffer of `col` (normalized to offset 0).
int64_t ValuesSize(const Column& col) {
  const LogicalType& type = col.type();
  if (type.IsNull()) return 0;
  if (type.id() == TypeId::kBoolean) return bit_util::BytesForBits(col.length());
  if (type.IsVarWidth()) return (col.length() + 1) * static_cast<int64_t>(sizeof(int32_t));
  return col.length() * type.ByteWidth();
}

int64_t DataSize(const Column& col) {
  if (!col.type().IsVarWidth() || col.length() == 0) return 0;
  const int32_t* offs = col.values_buffer()->data_as<int32_t>() + col.offset();
  return offs[col.length()] - offs[0];
}

Status Corrupt(const std::string& what) {
  return Status::Corruption("malformed shared batch from a python worker: " + what);
}

}  // namespace

Result<std::shared_ptr<SharedMemory>> SharedMemory::Create(int64_t size) {
  int fd = memfd_create("copra-batch", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return Status::IOError(std::string("memfd_create: ") + std::strerror(errno));
  if (size < 1) size = 1;
  if (ftruncate(fd, size) != 0) {
    int err = errno;
    close(fd);
    return Status::Error(ErrorCode::kOutOfMemory,
                         std::string("cannot size a shared batch: ") + std::strerror(err));
  }
  // Allocate the pages at once and map them populated: much cheaper than
  // a page fault per 4 KiB while the batch is written.
  if (fallocate(fd, 0, 0, size) != 0) {
    int err = errno;
    close(fd);
    return Status::Error(ErrorCode::kOutOfMemory,
                         std::string("cannot allocate a shared batch: ") + std::strerror(err));
  }
  void* p = mmap(nullptr, static_cast<size_t>(size), PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) {
    int err = errno;
    close(fd);
    return Status::Error(ErrorCode::kOutOfMemory,
                         std::string("cannot map a shared batch: ") + std::strerror(err));
  }
  return std::shared_ptr<SharedMemory>(new SharedMemory(fd, static_cast<uint8_t*>(p), size));
}

Result<std::shared_ptr<SharedMemory>> SharedMemory::Map(int fd, int64_t size, SealCheck check) {
  struct FdGuard {
    int fd;
    ~FdGuard() {
      if (fd >= 0) close(fd);
    }
  } guard{fd};
  off_t actual = lseek(fd, 0, SEEK_END);
  if (actual < 0 || size < 1 || actual < size) return Corrupt("segment smaller than announced");
  if (check != SealCheck::kNone) {
    const int want = check == SealCheck::kReadOnly ? (F_SEAL_WRITE | F_SEAL_SHRINK) : F_SEAL_SHRINK;
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || (seals & want) != want) return Corrupt("segment not sealed");
  }
  void* p = mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) {
    return Status::Error(ErrorCode::kOutOfMemory,
                         std::string("cannot map a shared batch: ") + std::strerror(errno));
  }
  guard.fd = -1;
  return std::shared_ptr<SharedMemory>(new SharedMemory(fd, static_cast<uint8_t*>(p), size));
}

Result<std::shared_ptr<SharedMemory>> SharedMemory::CopyOf(const uint8_t* data, int64_t size) {
  if (size < 1) size = 1;
  void* p = std::aligned_alloc(kAlign, static_cast<size_t>(AlignUp(size)));
  if (p == nullptr) {
    return Status::Error(ErrorCode::kOutOfMemory, "cannot copy a shared batch");
  }
  std::memcpy(p, data, static_cast<size_t>(size));
  return std::shared_ptr<SharedMemory>(
      new SharedMemory(-1, static_cast<uint8_t*>(p), size, /*heap=*/true));
}

Status SharedMemory::Seal() {
  if (data_ != nullptr) munmap(data_, static_cast<size_t>(size_));
  data_ = nullptr;
  if (fcntl(fd_, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    return Status::IOError(std::string("cannot seal a shared batch: ") + std::strerror(errno));
  }
  return Status::OK();
}

Status SharedMemory::SealSize() {
  if (fcntl(fd_, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) != 0) {
    return Status::IOError(std::string("cannot seal a shared batch: ") + std::strerror(errno));
  }
  return Status::OK();
}

SharedMemory::~SharedMemory() {
  if (heap_) {
    std::free(data_);
  } else if (data_ != nullptr) {
    munmap(data_, static_cast<size_t>(size_));
  }
  if (fd_ >= 0) close(fd_);
}

namespace {

// The layout of `columns` in a segment: per-column headers and the total size.
Result<int64_t> PlanSharedBatch(const std::vector<ColumnPtr>& columns, int64_t num_rows,
                                std::vector<ColumnHeader>* headers) {
  headers->resize(columns.size());
  int64_t pos =
      AlignUp(static_cast<int64_t>(sizeof(Header) + sizeof(ColumnHeader) * columns.size()));
  for (size_t c = 0; c < columns.size(); ++c) {
    const Column& col = *columns[c];
    if (num_rows != kRaggedBatch && col.length() != num_rows) {
      return Status::Internal("shared batch: column " + std::to_string(c) + " has " +
                              std::to_string(col.length()) + " rows, expected " +
                              std::to_string(num_rows));
    }
    if (col.type().id() == TypeId::kInterval) {
      return Status::NotSupported("columns of type INTERVAL cannot be passed to Python yet");
    }
    ColumnHeader& h = (*headers)[c];
    std::memset(&h, 0, sizeof(h));
    h.type_id = static_cast<uint8_t>(col.type().id());
    h.unit = static_cast<uint8_t>(col.type().unit());
    h.length = col.length();
    h.null_count = col.type().IsNull() ? col.length() : col.null_count();
    if (col.HasNulls() && !col.type().IsNull()) {
      h.validity = {pos, bit_util::BytesForBits(col.length())};
      pos = AlignUp(pos + h.validity.size);
    }
    h.values = {pos, ValuesSize(col)};
    pos = AlignUp(pos + h.values.size);
    h.data = {pos, DataSize(col)};
    pos = AlignUp(pos + h.data.size);
  }
  return pos;
}

void WriteColumns(const std::vector<ColumnPtr>& columns, int64_t num_rows,
                  const std::vector<ColumnHeader>& headers, uint8_t* base) {
  const bool ragged = num_rows == kRaggedBatch;
  Header header{kMagic, kVersion, static_cast<uint32_t>(columns.size()), ragged ? kRaggedFlag : 0,
                ragged ? 0 : num_rows};
  std::memcpy(base, &header, sizeof(header));
  if (!headers.empty()) {
    std::memcpy(base + sizeof(header), headers.data(), sizeof(ColumnHeader) * headers.size());
  }
  // Copy the buffers, normalized to offset 0.
  for (size_t c = 0; c < columns.size(); ++c) {
    const Column& col = *columns[c];
    const ColumnHeader& h = headers[c];
    const int64_t n = col.length();
    if (h.validity.size > 0) {
      bit_util::CopyBitmap(col.validity_bits(), col.offset(), n, base + h.validity.offset, 0);
    }
    if (h.values.size == 0) continue;
    const TypeId id = col.type().id();
    if (id == TypeId::kBoolean) {
      // Bits past the end would keep an earlier batch's values: clear.
      std::memset(base + h.values.offset, 0, static_cast<size_t>(h.values.size));
      bit_util::CopyBitmap(col.values_buffer()->data(), col.offset(), n, base + h.values.offset, 0);
    } else if (col.type().IsVarWidth()) {
      const int32_t* offs = col.values_buffer()->data_as<int32_t>() + col.offset();
      auto* out = reinterpret_cast<int32_t*>(base + h.values.offset);
      for (int64_t i = 0; i <= n; ++i) out[i] = offs[i] - offs[0];
      if (h.data.size > 0) {
        std::memcpy(base + h.data.offset, col.data_buffer()->data() + offs[0],
                    static_cast<size_t>(h.data.size));
      }
    } else {
      const int64_t width = col.type().ByteWidth();
      const BufferPtr& values = col.values_buffer();
      if (values != nullptr && values->size() >= (col.offset() + n) * width) {
        std::memcpy(base + h.values.offset, values->data() + col.offset() * width,
                    static_cast<size_t>(h.values.size));
      } else {
        // No value buffer (all NULL): zeros.
        std::memset(base + h.values.offset, 0, static_cast<size_t>(h.values.size));
      }
    }
  }
}

}  // namespace

Result<int64_t> SharedBatchSize(const std::vector<ColumnPtr>& columns, int64_t num_rows) {
  std::vector<ColumnHeader> headers;
  return PlanSharedBatch(columns, num_rows, &headers);
}

Status WriteSharedBatch(const std::vector<ColumnPtr>& columns, int64_t num_rows,
                        SharedMemory& into) {
  std::vector<ColumnHeader> headers;
  COPRA_ASSIGN_OR_RETURN(int64_t size, PlanSharedBatch(columns, num_rows, &headers));
  if (into.mutable_data() == nullptr || into.size() < size) {
    return Status::Internal("shared batch: segment too small");
  }
  WriteColumns(columns, num_rows, headers, into.mutable_data());
  return Status::OK();
}

Result<std::shared_ptr<SharedMemory>> EncodeSharedBatch(const std::vector<ColumnPtr>& columns,
                                                        int64_t num_rows) {
  std::vector<ColumnHeader> headers;
  COPRA_ASSIGN_OR_RETURN(int64_t size, PlanSharedBatch(columns, num_rows, &headers));
  COPRA_ASSIGN_OR_RETURN(std::shared_ptr<SharedMemory> mem, SharedMemory::Create(size));
  WriteColumns(columns, num_rows, headers, mem->mutable_data());
  return mem;
}

Result<SharedBatch> DecodeSharedBatch(const std::shared_ptr<SharedMemory>& memory) {
  const uint8_t* base = memory->data();
  const int64_t size = memory->size();
  if (size < static_cast<int64_t>(sizeof(Header))) return Corrupt("too small");
  Header header;
  std::memcpy(&header, base, sizeof(header));
  if (header.magic != kMagic || header.version != kVersion) return Corrupt("bad magic");
  if (header.num_rows < 0) return Corrupt("negative row count");
  const int64_t headers_end =
      static_cast<int64_t>(sizeof(Header)) +
      static_cast<int64_t>(sizeof(ColumnHeader)) * static_cast<int64_t>(header.num_columns);
  if (header.num_columns > 100000 || headers_end > size) return Corrupt("too many columns");
  SharedBatch out;
  out.num_rows = header.num_rows;
  auto wrap = [&](const Region& r) -> Result<BufferPtr> {
    if (r.offset < headers_end || r.size < 0 || r.offset > size || r.size > size - r.offset) {
      return Corrupt("buffer outside the segment");
    }
    std::shared_ptr<SharedMemory> keep = memory;
    return Buffer::Wrap(base + r.offset, r.size, [keep]() {});
  };
  for (uint32_t c = 0; c < header.num_columns; ++c) {
    ColumnHeader h;
    std::memcpy(&h, base + sizeof(Header) + sizeof(ColumnHeader) * c, sizeof(h));
    if (h.type_id > static_cast<uint8_t>(TypeId::kInterval) ||
        h.unit > static_cast<uint8_t>(TimeUnit::kNanosecond)) {
      return Corrupt("unknown type");
    }
    if (h.length < 0) return Corrupt("negative column length");
    if ((header.reserved & kRaggedFlag) == 0 && h.length != header.num_rows) {
      return Corrupt("column length differs from the row count");
    }
    LogicalType type(static_cast<TypeId>(h.type_id), static_cast<TimeUnit>(h.unit));
    if (type.IsNull()) {
      out.columns.push_back(Column::MakeNull(type, h.length));
      continue;
    }
    BufferPtr validity;
    if (h.validity.size > 0) {
      COPRA_ASSIGN_OR_RETURN(validity, wrap(h.validity));
    }
    COPRA_ASSIGN_OR_RETURN(BufferPtr values, wrap(h.values));
    BufferPtr data;
    if (type.IsVarWidth()) {
      COPRA_ASSIGN_OR_RETURN(data, wrap(h.data));
    }
    auto col = std::make_shared<Column>(type, h.length, validity, values, data, validity ? -1 : 0);
    Status valid = col->Validate();
    if (!valid.ok()) return Corrupt(valid.message());
    out.columns.push_back(std::move(col));
  }
  return out;
}

}  // namespace copra
