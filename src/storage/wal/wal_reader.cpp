#include "storage/wal/wal_reader.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "storage/checksum.h"
#include "storage/file_util.h"

namespace copra::storage {

std::string WalSegmentName(uint64_t first_sequence) {
  char name[40];
  std::snprintf(name, sizeof(name), "%020llu.wal", static_cast<unsigned long long>(first_sequence));
  return name;
}

Result<std::vector<std::pair<uint64_t, std::string>>> ListWalSegments(const std::string& dir) {
  std::vector<std::pair<uint64_t, std::string>> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() != 24 || name.substr(20) != ".wal") continue;
    uint64_t seq = std::strtoull(name.substr(0, 20).c_str(), nullptr, 10);
    out.emplace_back(seq, entry.path().string());
  }
  if (ec) return Status::IOError("cannot list WAL directory \"" + dir + "\": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

bool AllZero(const std::string& data, size_t from) {
  for (size_t i = from; i < data.size(); ++i) {
    if (data[i] != 0) return false;
  }
  return true;
}

}  // namespace

Result<WalReplayResult> ReplayWal(const std::string& dir,
                                  const std::function<Status(const WalRecord&)>& apply) {
  WalReplayResult result;
  COPRA_ASSIGN_OR_RETURN(auto segments, ListWalSegments(dir));
  uint64_t last_seq = 0;
  for (size_t s = 0; s < segments.size(); ++s) {
    const std::string& path = segments[s].second;
    const bool newest = s + 1 == segments.size();
    COPRA_ASSIGN_OR_RETURN(std::string data, ReadWholeFile(path));
    size_t pos = 0;
    while (pos < data.size()) {
      std::string problem;
      uint32_t crc = 0, length = 0;
      size_t end = 0;
      if (data.size() - pos < kWalHeaderSize) {
        problem = "record header cut off";
        end = data.size();
      } else {
        std::memcpy(&crc, data.data() + pos, 4);
        std::memcpy(&length, data.data() + pos + 4, 4);
        end = pos + kWalHeaderSize + length;
        if (end > data.size()) {
          problem = "record cut off";
          end = data.size();
        } else if (Crc32c(0, data.data() + pos + 4, kWalHeaderSize - 4 + length) != crc) {
          problem = "checksum mismatch";
        }
      }
      if (!problem.empty()) {
        // A torn tail: the newest segment, nothing but zeros after the record.
        if (newest && AllZero(data, end)) {
          result.torn_tail_bytes = static_cast<int64_t>(data.size() - pos);
          if (::truncate(path.c_str(), static_cast<off_t>(pos)) != 0) {
            return ErrnoStatus("truncate torn WAL tail of", path, errno);
          }
          break;
        }
        return Status::Error(ErrorCode::kDataCorrupted,
                             "WAL segment \"" + path + "\" is corrupted at offset " +
                                 std::to_string(pos) + " (" + problem +
                                 ") and valid data follows; refusing to skip it");
      }
      WalRecord record;
      record.type = static_cast<RecordType>(static_cast<uint8_t>(data[pos + 8]));
      std::memcpy(&record.sequence, data.data() + pos + 9, 8);
      if (record.sequence <= last_seq && last_seq != 0) {
        return Status::Error(ErrorCode::kDataCorrupted,
                             "WAL segment \"" + path + "\" is corrupted at offset " +
                                 std::to_string(pos) + ": sequence goes backwards");
      }
      last_seq = record.sequence;
      record.payload.assign(data.data() + pos + kWalHeaderSize, length);
      COPRA_RETURN_NOT_OK(apply(record));
      ++result.records;
      result.last_record_sequence = record.sequence;
      pos = end;
    }
  }
  return result;
}

}  // namespace copra::storage
