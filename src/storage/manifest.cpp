#include "storage/manifest.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "storage/file_util.h"

namespace copra::storage {

std::string FileMeta::FileName() const {
  char name[40];
  std::snprintf(name, sizeof(name), "%020llu.parquet", static_cast<unsigned long long>(id));
  return name;
}

DataFile::~DataFile() {
  if (obsolete_.load()) ::unlink(path_.c_str());
}

Result<Manifest> LoadManifest(const std::string& dir) {
  std::string path = dir + "/MANIFEST";
  Manifest m;
  if (!std::filesystem::exists(path)) return m;
  COPRA_ASSIGN_OR_RETURN(std::string contents, ReadWholeFile(path));
  COPRA_ASSIGN_OR_RETURN(std::string body, CheckChecksumTrailer(contents, path));
  try {
    nlohmann::json j = nlohmann::json::parse(body);
    m.version = j.at("version").get<uint64_t>();
    m.flushed_sequence = j.at("flushed_sequence").get<uint64_t>();
    m.next_file_id = j.at("next_file_id").get<uint64_t>();
    for (const auto& f : j.at("files")) {
      FileMeta meta;
      meta.id = f.at("id").get<uint64_t>();
      meta.window_start = f.at("window_start").get<int64_t>();
      meta.min_time = f.at("min_time").get<int64_t>();
      meta.max_time = f.at("max_time").get<int64_t>();
      meta.num_rows = f.at("num_rows").get<int64_t>();
      meta.num_deletes = f.at("num_deletes").get<int64_t>();
      meta.file_bytes = f.at("file_bytes").get<int64_t>();
      meta.min_sequence = f.at("min_sequence").get<uint64_t>();
      meta.max_sequence = f.at("max_sequence").get<uint64_t>();
      meta.level = f.at("level").get<int>();
      m.files.push_back(meta);
    }
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "manifest \"" + path + "\" is corrupted: " + e.what());
  }
  return m;
}

Status StoreManifest(const std::string& dir, const Manifest& m) {
  nlohmann::json j;
  j["version"] = m.version;
  j["flushed_sequence"] = m.flushed_sequence;
  j["next_file_id"] = m.next_file_id;
  j["files"] = nlohmann::json::array();
  for (const FileMeta& f : m.files) {
    j["files"].push_back({{"id", f.id},
                          {"file", f.FileName()},
                          {"window_start", f.window_start},
                          {"min_time", f.min_time},
                          {"max_time", f.max_time},
                          {"num_rows", f.num_rows},
                          {"num_deletes", f.num_deletes},
                          {"file_bytes", f.file_bytes},
                          {"min_sequence", f.min_sequence},
                          {"max_sequence", f.max_sequence},
                          {"level", f.level}});
  }
  return WriteFileAtomically(dir + "/MANIFEST", AddChecksumTrailer(j.dump(1)));
}

}  // namespace copra::storage
