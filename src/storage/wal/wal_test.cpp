#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "storage/file_util.h"
#include "storage/wal/wal_reader.h"
#include "storage/wal/wal_writer.h"

namespace copra::storage {
namespace {

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-wal-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteRecords(uint64_t first, int count) {
    auto w = WalWriter::Open(dir_, first, WalSyncMode::kEveryCommit);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int i = 0; i < count; ++i) {
      WalRecord r;
      r.sequence = first + static_cast<uint64_t>(i);
      r.payload = "payload-" + std::to_string(r.sequence);
      ASSERT_TRUE((*w)->Append({&r}).ok());
    }
  }

  Result<std::vector<uint64_t>> Replay(WalReplayResult* out = nullptr) {
    std::vector<uint64_t> seqs;
    auto result = ReplayWal(dir_, [&](const WalRecord& r) {
      EXPECT_EQ(r.payload, "payload-" + std::to_string(r.sequence));
      seqs.push_back(r.sequence);
      return Status::OK();
    });
    if (!result.ok()) return result.status();
    if (out != nullptr) *out = *result;
    return seqs;
  }

  std::string Segment(uint64_t first) { return dir_ + "/" + WalSegmentName(first); }

  std::string dir_;
};

TEST_F(WalTest, ReplaysRecordsAcrossSegments) {
  WriteRecords(1, 3);
  WriteRecords(4, 2);
  auto seqs = Replay();
  ASSERT_TRUE(seqs.ok());
  EXPECT_EQ(*seqs, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

TEST_F(WalTest, TornTailIsDroppedAndTruncated) {
  WriteRecords(1, 3);
  auto size = std::filesystem::file_size(Segment(1));
  std::filesystem::resize_file(Segment(1), size - 5);  // cut the last record
  WalReplayResult info;
  auto seqs = Replay(&info);
  ASSERT_TRUE(seqs.ok()) << seqs.status().ToString();
  EXPECT_EQ(*seqs, (std::vector<uint64_t>{1, 2}));
  EXPECT_GT(info.torn_tail_bytes, 0);
  // The segment was cut back to the last intact record: replay is clean now.
  auto again = Replay(&info);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(info.torn_tail_bytes, 0);
  EXPECT_EQ(*again, (std::vector<uint64_t>{1, 2}));
}

TEST_F(WalTest, GarbledLastRecordIsATornTail) {
  WriteRecords(1, 2);
  auto size = std::filesystem::file_size(Segment(1));
  std::fstream f(Segment(1), std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(size - 2));
  f.put('X');
  f.close();
  auto seqs = Replay();
  ASSERT_TRUE(seqs.ok());
  EXPECT_EQ(*seqs, (std::vector<uint64_t>{1}));
}

TEST_F(WalTest, CorruptionInTheMiddleIsAnError) {
  WriteRecords(1, 3);
  std::fstream f(Segment(1), std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(20);  // inside the first record's payload
  f.put('X');
  f.close();
  auto seqs = Replay();
  ASSERT_FALSE(seqs.ok());
  EXPECT_EQ(seqs.status().code(), ErrorCode::kDataCorrupted);
  EXPECT_NE(seqs.status().message().find("offset 0"), std::string::npos);
}

TEST_F(WalTest, CorruptionInAnOlderSegmentIsAnError) {
  WriteRecords(1, 2);
  WriteRecords(3, 2);
  auto size = std::filesystem::file_size(Segment(1));
  std::filesystem::resize_file(Segment(1), size - 3);
  auto seqs = Replay();
  ASSERT_FALSE(seqs.ok());
  EXPECT_EQ(seqs.status().code(), ErrorCode::kDataCorrupted);
}

TEST_F(WalTest, RemoveObsoleteKeepsUnflushedSegments) {
  WriteRecords(1, 3);
  WriteRecords(4, 3);
  auto w = WalWriter::Open(dir_, 7, WalSyncMode::kEveryCommit);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->RemoveObsolete(4).ok());  // 4..6 not flushed yet
  EXPECT_FALSE(std::filesystem::exists(Segment(1)));
  EXPECT_TRUE(std::filesystem::exists(Segment(4)));
  ASSERT_TRUE((*w)->RemoveObsolete(6).ok());
  EXPECT_FALSE(std::filesystem::exists(Segment(4)));
  EXPECT_TRUE(std::filesystem::exists(Segment(7)));
}

TEST_F(WalTest, FailedAppendLeavesNoGarbage) {
  auto w = WalWriter::Open(dir_, 1, WalSyncMode::kEveryCommit);
  ASSERT_TRUE(w.ok());
  WalRecord a{RecordType::kPut, 1, "payload-1"};
  ASSERT_TRUE((*w)->Append({&a}).ok());
  SetDiskFullForTesting(true);
  WalRecord b{RecordType::kPut, 2, "payload-2"};
  Status st = (*w)->Append({&b});
  SetDiskFullForTesting(false);
  EXPECT_EQ(st.code(), ErrorCode::kDiskFull);
  WalRecord c{RecordType::kPut, 2, "payload-2"};
  ASSERT_TRUE((*w)->Append({&c}).ok());
  auto seqs = Replay();
  ASSERT_TRUE(seqs.ok()) << seqs.status().ToString();
  EXPECT_EQ(*seqs, (std::vector<uint64_t>{1, 2}));
}

}  // namespace
}  // namespace copra::storage
