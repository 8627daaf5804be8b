#include "storage/manifest.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "storage/file_util.h"
#include "storage/table_store.h"

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
      meta.schema_version = f.value("schema_version", uint64_t{0});
      m.files.push_back(meta);
    }
    if (j.contains("schema")) {
      const auto& js = j.at("schema");
      RegionSchema rs;
      rs.version = js.at("version").get<uint64_t>();
      COPRA_ASSIGN_OR_RETURN(rs.schema, TableSchemaFromJson(js.at("table").dump()));
      rs.column_ids = js.at("column_ids").get<std::vector<uint32_t>>();
      for (const auto& f : js.at("fill")) {
        if (f.is_null()) {
          rs.fill.emplace_back();
        } else {
          rs.fill.emplace_back(f.get<std::string>());
        }
      }
      rs.next_column_id = js.at("next_column_id").get<uint32_t>();
      for (const auto& [v, ids] : js.at("older").items()) {
        rs.older[std::stoull(v)] = ids.get<std::vector<uint32_t>>();
      }
      if (rs.column_ids.size() != rs.schema.num_columns() ||
          rs.fill.size() != rs.schema.num_columns()) {
        throw std::runtime_error("schema column ids do not match its columns");
      }
      m.schema = std::move(rs);
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
                          {"level", f.level},
                          {"schema_version", f.schema_version}});
  }
  if (m.schema) {
    const RegionSchema& rs = *m.schema;
    nlohmann::json js;
    js["version"] = rs.version;
    js["table"] = nlohmann::json::parse(TableSchemaToJson(rs.schema));
    js["column_ids"] = rs.column_ids;
    js["fill"] = nlohmann::json::array();
    for (const auto& f : rs.fill) js["fill"].push_back(f ? nlohmann::json(*f) : nlohmann::json());
    js["next_column_id"] = rs.next_column_id;
    js["older"] = nlohmann::json::object();
    for (const auto& [v, ids] : rs.older) js["older"][std::to_string(v)] = ids;
    j["schema"] = js;
  }
  return WriteFileAtomically(dir + "/MANIFEST", AddChecksumTrailer(j.dump(1)));
}

}  // namespace copra::storage
