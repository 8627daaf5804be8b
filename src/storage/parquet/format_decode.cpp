// Thrift compact decoding of the Parquet structures Copra reads. Every field
// Copra does not use is skipped; required fields that are missing are
// reported as corruption.
#include "storage/parquet/format.h"
#include "storage/parquet/thrift_compact.h"

namespace copra::parquet::format {
namespace {

// Iterates the fields of a struct, calling fn(id, type) -> Status for each;
// fn must consume the field (read or r.Skip(type)).
template <typename Fn>
Status ReadStruct(CompactReader& r, Fn&& fn) {
  r.StructBegin();
  while (true) {
    int16_t id;
    ThriftType type;
    COPRA_ASSIGN_OR_RETURN(bool more, r.NextField(&id, &type));
    if (!more) break;
    COPRA_RETURN_NOT_OK(fn(id, type));
  }
  r.StructEnd();
  return Status::OK();
}

template <typename Fn>
Status ReadList(CompactReader& r, ThriftType type, Fn&& fn) {
  ThriftType elem;
  int64_t n;
  COPRA_RETURN_NOT_OK(r.ReadListBegin(type, &elem, &n));
  for (int64_t i = 0; i < n; ++i) COPRA_RETURN_NOT_OK(fn(elem));
  return Status::OK();
}

template <typename E>
Status ReadEnum(CompactReader& r, ThriftType type, E* out) {
  COPRA_ASSIGN_OR_RETURN(int32_t v, r.ReadI32(type));
  *out = static_cast<E>(v);
  return Status::OK();
}

template <typename E>
Status ReadOptEnum(CompactReader& r, ThriftType type, std::optional<E>* out) {
  COPRA_ASSIGN_OR_RETURN(int32_t v, r.ReadI32(type));
  *out = static_cast<E>(v);
  return Status::OK();
}

Status ReadLogicalType(CompactReader& r, LogicalType* t) {
  return ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    if (type != ThriftType::kStruct) return r.Skip(type);
    t->kind = static_cast<LogicalType::Kind>(id);
    switch (id) {
      case LogicalType::kTimestamp:
      case LogicalType::kTime:
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          if (fid == 1) {
            COPRA_ASSIGN_OR_RETURN(t->is_adjusted_to_utc, r.ReadBool(ft));
            return Status::OK();
          }
          if (fid == 2 && ft == ThriftType::kStruct) {
            return ReadStruct(r, [&](int16_t uid, ThriftType ut) -> Status {
              t->time_unit = uid;
              return r.Skip(ut);
            });
          }
          return r.Skip(ft);
        });
      case LogicalType::kInteger:
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          if (fid == 1) {
            COPRA_ASSIGN_OR_RETURN(t->bit_width, r.ReadI32(ft));
            return Status::OK();
          }
          if (fid == 2) {
            COPRA_ASSIGN_OR_RETURN(t->is_signed, r.ReadBool(ft));
            return Status::OK();
          }
          return r.Skip(ft);
        });
      case LogicalType::kDecimal:
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          if (fid == 1) {
            COPRA_ASSIGN_OR_RETURN(t->scale, r.ReadI32(ft));
            return Status::OK();
          }
          if (fid == 2) {
            COPRA_ASSIGN_OR_RETURN(t->precision, r.ReadI32(ft));
            return Status::OK();
          }
          return r.Skip(ft);
        });
      default: return r.Skip(type);
    }
  });
}

Status ReadSchemaElement(CompactReader& r, SchemaElement* e) {
  bool has_name = false;
  COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1: return ReadOptEnum(r, type, &e->type);
      case 2: {
        COPRA_ASSIGN_OR_RETURN(e->type_length, r.ReadI32(type));
        return Status::OK();
      }
      case 3: return ReadOptEnum(r, type, &e->repetition);
      case 4: {
        COPRA_ASSIGN_OR_RETURN(e->name, r.ReadBinary(type));
        has_name = true;
        return Status::OK();
      }
      case 5: {
        COPRA_ASSIGN_OR_RETURN(e->num_children, r.ReadI32(type));
        return Status::OK();
      }
      case 6: return ReadOptEnum(r, type, &e->converted_type);
      case 7: {
        COPRA_ASSIGN_OR_RETURN(e->scale, r.ReadI32(type));
        return Status::OK();
      }
      case 8: {
        COPRA_ASSIGN_OR_RETURN(e->precision, r.ReadI32(type));
        return Status::OK();
      }
      case 10:
        if (type == ThriftType::kStruct) return ReadLogicalType(r, &e->logical_type);
        return r.Skip(type);
      default: return r.Skip(type);
    }
  }));
  if (!has_name) return r.Corrupt("schema element without a name");
  return Status::OK();
}

Status ReadStatistics(CompactReader& r, Statistics* s) {
  return ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1: {
        COPRA_ASSIGN_OR_RETURN(s->max, r.ReadBinary(type));
        return Status::OK();
      }
      case 2: {
        COPRA_ASSIGN_OR_RETURN(s->min, r.ReadBinary(type));
        return Status::OK();
      }
      case 3: {
        COPRA_ASSIGN_OR_RETURN(s->null_count, r.ReadI64(type));
        return Status::OK();
      }
      case 5: {
        COPRA_ASSIGN_OR_RETURN(s->max_value, r.ReadBinary(type));
        return Status::OK();
      }
      case 6: {
        COPRA_ASSIGN_OR_RETURN(s->min_value, r.ReadBinary(type));
        return Status::OK();
      }
      default: return r.Skip(type);
    }
  });
}

Status ReadColumnMetaData(CompactReader& r, ColumnMetaData* m) {
  return ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1: return ReadEnum(r, type, &m->type);
      case 2:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          Encoding e;
          COPRA_RETURN_NOT_OK(ReadEnum(r, et, &e));
          m->encodings.push_back(e);
          return Status::OK();
        });
      case 3:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          COPRA_ASSIGN_OR_RETURN(std::string p, r.ReadBinary(et));
          m->path_in_schema.push_back(std::move(p));
          return Status::OK();
        });
      case 4: return ReadEnum(r, type, &m->codec);
      case 5: {
        COPRA_ASSIGN_OR_RETURN(m->num_values, r.ReadI64(type));
        return Status::OK();
      }
      case 6: {
        COPRA_ASSIGN_OR_RETURN(m->total_uncompressed_size, r.ReadI64(type));
        return Status::OK();
      }
      case 7: {
        COPRA_ASSIGN_OR_RETURN(m->total_compressed_size, r.ReadI64(type));
        return Status::OK();
      }
      case 9: {
        COPRA_ASSIGN_OR_RETURN(m->data_page_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 11: {
        COPRA_ASSIGN_OR_RETURN(m->dictionary_page_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 12:
        if (type != ThriftType::kStruct) return r.Skip(type);
        m->statistics.emplace();
        return ReadStatistics(r, &*m->statistics);
      default: return r.Skip(type);
    }
  });
}

Status ReadColumnChunk(CompactReader& r, ColumnChunk* c) {
  return ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 2: {
        COPRA_ASSIGN_OR_RETURN(c->file_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 3:
        if (type != ThriftType::kStruct) return r.Skip(type);
        c->meta_data.emplace();
        return ReadColumnMetaData(r, &*c->meta_data);
      case 4: {
        COPRA_ASSIGN_OR_RETURN(c->offset_index_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 5: {
        COPRA_ASSIGN_OR_RETURN(c->offset_index_length, r.ReadI32(type));
        return Status::OK();
      }
      case 6: {
        COPRA_ASSIGN_OR_RETURN(c->column_index_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 7: {
        COPRA_ASSIGN_OR_RETURN(c->column_index_length, r.ReadI32(type));
        return Status::OK();
      }
      default: return r.Skip(type);
    }
  });
}

Status ReadRowGroup(CompactReader& r, RowGroup* g) {
  return ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          if (et != ThriftType::kStruct) return r.Corrupt("column chunk is not a struct");
          g->columns.emplace_back();
          return ReadColumnChunk(r, &g->columns.back());
        });
      case 2: {
        COPRA_ASSIGN_OR_RETURN(g->total_byte_size, r.ReadI64(type));
        return Status::OK();
      }
      case 3: {
        COPRA_ASSIGN_OR_RETURN(g->num_rows, r.ReadI64(type));
        return Status::OK();
      }
      case 5: {
        COPRA_ASSIGN_OR_RETURN(g->file_offset, r.ReadI64(type));
        return Status::OK();
      }
      case 6: {
        COPRA_ASSIGN_OR_RETURN(g->total_compressed_size, r.ReadI64(type));
        return Status::OK();
      }
      default: return r.Skip(type);
    }
  });
}

}  // namespace

Result<FileMetaData> DecodeFileMetaData(const uint8_t* data, size_t size) {
  CompactReader r(data, size, "file metadata");
  FileMetaData m;
  m.version = 0;
  COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1: {
        COPRA_ASSIGN_OR_RETURN(m.version, r.ReadI32(type));
        return Status::OK();
      }
      case 2:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          if (et != ThriftType::kStruct) return r.Corrupt("schema element is not a struct");
          m.schema.emplace_back();
          return ReadSchemaElement(r, &m.schema.back());
        });
      case 3: {
        COPRA_ASSIGN_OR_RETURN(m.num_rows, r.ReadI64(type));
        return Status::OK();
      }
      case 4:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          if (et != ThriftType::kStruct) return r.Corrupt("row group is not a struct");
          m.row_groups.emplace_back();
          return ReadRowGroup(r, &m.row_groups.back());
        });
      case 5:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          if (et != ThriftType::kStruct) return r.Corrupt("key/value is not a struct");
          KeyValue kv;
          COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t kid, ThriftType kt) -> Status {
            if (kid == 1) {
              COPRA_ASSIGN_OR_RETURN(kv.key, r.ReadBinary(kt));
              return Status::OK();
            }
            if (kid == 2) {
              COPRA_ASSIGN_OR_RETURN(kv.value, r.ReadBinary(kt));
              return Status::OK();
            }
            return r.Skip(kt);
          }));
          m.key_value_metadata.push_back(std::move(kv));
          return Status::OK();
        });
      case 6: {
        COPRA_ASSIGN_OR_RETURN(m.created_by, r.ReadBinary(type));
        return Status::OK();
      }
      default: return r.Skip(type);
    }
  }));
  if (m.schema.empty()) return r.Corrupt("no schema");
  return m;
}

Result<PageHeader> DecodePageHeader(const uint8_t* data, size_t size, size_t* header_size) {
  CompactReader r(data, size, "page header");
  PageHeader h;
  bool has_type = false;
  COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1: has_type = true; return ReadEnum(r, type, &h.type);
      case 2: {
        COPRA_ASSIGN_OR_RETURN(h.uncompressed_page_size, r.ReadI32(type));
        return Status::OK();
      }
      case 3: {
        COPRA_ASSIGN_OR_RETURN(h.compressed_page_size, r.ReadI32(type));
        return Status::OK();
      }
      case 5: {
        if (type != ThriftType::kStruct) return r.Skip(type);
        auto& d = h.data_page_header.emplace();
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          switch (fid) {
            case 1: {
              COPRA_ASSIGN_OR_RETURN(d.num_values, r.ReadI32(ft));
              return Status::OK();
            }
            case 2: return ReadEnum(r, ft, &d.encoding);
            case 3: return ReadEnum(r, ft, &d.definition_level_encoding);
            case 4: return ReadEnum(r, ft, &d.repetition_level_encoding);
            default: return r.Skip(ft);
          }
        });
      }
      case 7: {
        if (type != ThriftType::kStruct) return r.Skip(type);
        auto& d = h.dictionary_page_header.emplace();
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          switch (fid) {
            case 1: {
              COPRA_ASSIGN_OR_RETURN(d.num_values, r.ReadI32(ft));
              return Status::OK();
            }
            case 2: return ReadEnum(r, ft, &d.encoding);
            case 3: {
              COPRA_ASSIGN_OR_RETURN(d.is_sorted, r.ReadBool(ft));
              return Status::OK();
            }
            default: return r.Skip(ft);
          }
        });
      }
      case 8: {
        if (type != ThriftType::kStruct) return r.Skip(type);
        auto& d = h.data_page_header_v2.emplace();
        return ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
          switch (fid) {
            case 1: {
              COPRA_ASSIGN_OR_RETURN(d.num_values, r.ReadI32(ft));
              return Status::OK();
            }
            case 2: {
              COPRA_ASSIGN_OR_RETURN(d.num_nulls, r.ReadI32(ft));
              return Status::OK();
            }
            case 3: {
              COPRA_ASSIGN_OR_RETURN(d.num_rows, r.ReadI32(ft));
              return Status::OK();
            }
            case 4: return ReadEnum(r, ft, &d.encoding);
            case 5: {
              COPRA_ASSIGN_OR_RETURN(d.definition_levels_byte_length, r.ReadI32(ft));
              return Status::OK();
            }
            case 6: {
              COPRA_ASSIGN_OR_RETURN(d.repetition_levels_byte_length, r.ReadI32(ft));
              return Status::OK();
            }
            case 7: {
              COPRA_ASSIGN_OR_RETURN(d.is_compressed, r.ReadBool(ft));
              return Status::OK();
            }
            default: return r.Skip(ft);
          }
        });
      }
      default: return r.Skip(type);
    }
  }));
  if (!has_type) return r.Corrupt("page header without a page type");
  if (h.uncompressed_page_size < 0 || h.compressed_page_size < 0) {
    return r.Corrupt("negative page size");
  }
  *header_size = r.position();
  return h;
}

Result<OffsetIndex> DecodeOffsetIndex(const uint8_t* data, size_t size) {
  CompactReader r(data, size, "offset index");
  OffsetIndex o;
  COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    if (id != 1) return r.Skip(type);
    return ReadList(r, type, [&](ThriftType et) -> Status {
      if (et != ThriftType::kStruct) return r.Corrupt("page location is not a struct");
      PageLocation p;
      COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t fid, ThriftType ft) -> Status {
        switch (fid) {
          case 1: {
            COPRA_ASSIGN_OR_RETURN(p.offset, r.ReadI64(ft));
            return Status::OK();
          }
          case 2: {
            COPRA_ASSIGN_OR_RETURN(p.compressed_page_size, r.ReadI32(ft));
            return Status::OK();
          }
          case 3: {
            COPRA_ASSIGN_OR_RETURN(p.first_row_index, r.ReadI64(ft));
            return Status::OK();
          }
          default: return r.Skip(ft);
        }
      }));
      o.page_locations.push_back(p);
      return Status::OK();
    });
  }));
  return o;
}

Result<ColumnIndex> DecodeColumnIndex(const uint8_t* data, size_t size) {
  CompactReader r(data, size, "column index");
  ColumnIndex c;
  COPRA_RETURN_NOT_OK(ReadStruct(r, [&](int16_t id, ThriftType type) -> Status {
    switch (id) {
      case 1:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          COPRA_ASSIGN_OR_RETURN(bool b, r.ReadBool(et));
          c.null_pages.push_back(b);
          return Status::OK();
        });
      case 2:
      case 3:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          COPRA_ASSIGN_OR_RETURN(std::string v, r.ReadBinary(et));
          (id == 2 ? c.min_values : c.max_values).push_back(std::move(v));
          return Status::OK();
        });
      case 4: {
        COPRA_ASSIGN_OR_RETURN(c.boundary_order, r.ReadI32(type));
        return Status::OK();
      }
      case 5:
        return ReadList(r, type, [&](ThriftType et) -> Status {
          COPRA_ASSIGN_OR_RETURN(int64_t n, r.ReadI64(et));
          c.null_counts.push_back(n);
          return Status::OK();
        });
      default: return r.Skip(type);
    }
  }));
  return c;
}

}  // namespace copra::parquet::format
