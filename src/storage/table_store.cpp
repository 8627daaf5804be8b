#include "storage/table_store.h"

#include <nlohmann/json.hpp>

#include "storage/file_util.h"

namespace copra::storage {

namespace {

const char* RoleName(ColumnRole role) {
  switch (role) {
    case ColumnRole::kTag: return "tag";
    case ColumnRole::kTimeIndex: return "time_index";
    case ColumnRole::kField: break;
  }
  return "field";
}

nlohmann::json SchemaJson(const TableSchema& schema) {
  nlohmann::json j;
  j["columns"] = nlohmann::json::array();
  for (const TableColumn& c : schema.columns()) {
    nlohmann::json col = {{"name", c.name},
                          {"type", c.type.ToString()},
                          {"nullable", c.nullable},
                          {"role", RoleName(c.role)},
                          {"comment", c.comment}};
    if (c.default_sql) col["default"] = *c.default_sql;
    j["columns"].push_back(col);
  }
  j["primary_key"] = schema.primary_key();
  j["time_index"] = schema.time_index();
  j["options"] = schema.options();
  return j;
}

// Throws nlohmann's exceptions on a bad shape; returns a bad type name as a Status.
Result<TableSchema> SchemaFromJson(const nlohmann::json& j) {
  std::vector<TableColumn> columns;
  for (const auto& c : j.at("columns")) {
    TableColumn col;
    col.name = c.at("name").get<std::string>();
    COPRA_ASSIGN_OR_RETURN(col.type, ParseTypeName(c.at("type").get<std::string>()));
    col.nullable = c.at("nullable").get<bool>();
    std::string role = c.at("role").get<std::string>();
    col.role = role == "tag"          ? ColumnRole::kTag
               : role == "time_index" ? ColumnRole::kTimeIndex
                                      : ColumnRole::kField;
    col.comment = c.value("comment", "");
    if (c.contains("default")) col.default_sql = c.at("default").get<std::string>();
    columns.push_back(std::move(col));
  }
  auto pk = j.at("primary_key").get<std::vector<int>>();
  int ti = j.at("time_index").get<int>();
  auto options = j.at("options").get<std::map<std::string, std::string>>();
  return TableSchema(std::move(columns), std::move(pk), ti, std::move(options));
}

}  // namespace

std::string TableSchemaToJson(const TableSchema& schema) { return SchemaJson(schema).dump(); }

Result<TableSchema> TableSchemaFromJson(const std::string& json) {
  try {
    return SchemaFromJson(nlohmann::json::parse(json));
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         std::string("table schema is corrupted: ") + e.what());
  }
}

Status StoreTableDefinition(const std::string& path, const TableDefinition& def) {
  nlohmann::json j = SchemaJson(def.schema);
  j["format"] = 1;
  j["database"] = def.database;
  j["name"] = def.name;
  return WriteFileAtomically(path, AddChecksumTrailer(j.dump(1)));
}

Result<TableDefinition> LoadTableDefinition(const std::string& path) {
  COPRA_ASSIGN_OR_RETURN(std::string contents, ReadWholeFile(path));
  COPRA_ASSIGN_OR_RETURN(std::string body, CheckChecksumTrailer(contents, path));
  TableDefinition def;
  try {
    nlohmann::json j = nlohmann::json::parse(body);
    def.database = j.at("database").get<std::string>();
    def.name = j.at("name").get<std::string>();
    COPRA_ASSIGN_OR_RETURN(def.schema, SchemaFromJson(j));
  } catch (const std::exception& e) {
    return Status::Error(ErrorCode::kDataCorrupted,
                         "table definition \"" + path + "\" is corrupted: " + e.what());
  }
  return def;
}

}  // namespace copra::storage
