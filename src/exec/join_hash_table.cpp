#include "exec/join_hash_table.h"

#include <bit>

#include "exec/integer_keys.h"
#include "exec/row_key.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace copra {

bool JoinHashTable::SupportsKeyType(const LogicalType& type) {
  return !type.IsNull() && type.id() != TypeId::kInterval;
}

void JoinHashTable::ComputeKeys(const std::vector<Datum>& keys, int64_t num_rows,
                                ProbeKeys* out) const {
  const size_t n = static_cast<size_t>(num_rows);
  out->num_rows = num_rows;
  out->hashes.resize(n);
  out->has_null.assign(n, 0);
  for (const Datum& d : keys) {
    if (!d.column->HasNulls()) continue;
    for (int64_t r = 0; r < num_rows; ++r) {
      if (d.column->IsNull(d.Index(r))) out->has_null[static_cast<size_t>(r)] = 1;
    }
  }
  if (integer_keys_) {
    out->ints.resize(n);
    ExtractIntegerKeys(keys[0], num_rows, out->ints.data());
    for (size_t r = 0; r < n; ++r)
      out->hashes[r] = HashIntegerKey(static_cast<uint64_t>(out->ints[r]));
    return;
  }
  RowKeyEncoder encoder(std::vector<KeyOrder>(keys.size()));
  encoder.Encode(keys, num_rows, &out->encoded);
  for (size_t r = 0; r < n; ++r) {
    const std::string& k = out->encoded[r];
    out->hashes[r] = XXH3_64bits(k.data(), k.size());
  }
}

void JoinHashTable::Build(const std::vector<Datum>& keys, int64_t num_rows) {
  integer_keys_ = allow_integer_layout_ && keys.size() == 1 && IsIntegerKeyType(keys[0].type());
  ProbeKeys build;
  ComputeKeys(keys, num_rows, &build);
  const size_t n = static_cast<size_t>(num_rows);
  const std::vector<uint64_t>& hashes = build.hashes;
  if (integer_keys_) {
    ints_ = std::move(build.ints);
  } else {
    hashes_ = build.hashes;
    offsets_.resize(n + 1);
    size_t total = 0;
    for (size_t r = 0; r < n; ++r) {
      offsets_[r] = total;
      total += build.encoded[r].size();
    }
    offsets_[n] = total;
    arena_.reserve(total);
    for (const std::string& k : build.encoded) arena_.append(k);
  }
  // About two buckets per row keeps chains short without much memory.
  size_t num_buckets = std::bit_ceil(std::max<size_t>(16, n * 2));
  mask_ = num_buckets - 1;
  buckets_.assign(num_buckets, -1);
  next_.assign(n, -1);
  // Inserting from the last row makes every chain list rows in ascending
  // order, so matches come out in build order.
  for (size_t i = n; i-- > 0;) {
    if (build.has_null[i]) continue;
    int32_t& head = buckets_[hashes[i] & mask_];
    next_[i] = head;
    head = static_cast<int32_t>(i);
    ++num_indexed_;
  }
}

void JoinHashTable::Prepare(const std::vector<Datum>& keys, int64_t num_rows,
                            ProbeKeys* out) const {
  ComputeKeys(keys, num_rows, out);
}

int64_t JoinHashTable::MemoryUsage() const {
  return static_cast<int64_t>(
      buckets_.capacity() * sizeof(int32_t) + next_.capacity() * sizeof(int32_t) +
      hashes_.capacity() * sizeof(uint64_t) + ints_.capacity() * sizeof(int64_t) +
      arena_.capacity() + offsets_.capacity() * sizeof(size_t));
}

}  // namespace copra
