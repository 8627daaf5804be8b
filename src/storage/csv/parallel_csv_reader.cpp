#include "storage/csv/parallel_csv_reader.h"

#include <algorithm>
#include <cstring>

#include "storage/csv/csv_batch_builder.h"

namespace copra::csv {

Result<std::unique_ptr<ParallelCsvReader>> ParallelCsvReader::Open(const std::string& path,
                                                                   const CsvOptions& csv,
                                                                   std::vector<LogicalType> types,
                                                                   std::vector<std::string> names,
                                                                   ParallelCsvOptions options) {
  COPRA_ASSIGN_OR_RETURN(auto chunks, CsvChunkReader::Open(path, csv, options.block_bytes));
  if (options.threads <= 0) {
    options.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  }
  options.max_blocks_ahead = std::max(options.max_blocks_ahead, 1);
  return std::unique_ptr<ParallelCsvReader>(new ParallelCsvReader(
      path, csv, std::move(types), std::move(names), options, std::move(chunks)));
}

ParallelCsvReader::ParallelCsvReader(std::string path, CsvOptions csv,
                                     std::vector<LogicalType> types, std::vector<std::string> names,
                                     ParallelCsvOptions options,
                                     std::unique_ptr<CsvChunkReader> chunks)
    : path_(std::move(path)),
      csv_(std::move(csv)),
      types_(std::move(types)),
      names_(std::move(names)),
      options_(options),
      chunks_(std::move(chunks)) {
  for (int i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { Work(); });
}

ParallelCsvReader::~ParallelCsvReader() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ParallelCsvReader::Work() {
  CsvRecordScanner scanner(csv_, types_.size());
  std::unique_ptr<CsvBatchBuilder> builder;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] {
      return stop_ || done_reading_ || next_block_ - returned_ < options_.max_blocks_ahead;
    });
    if (stop_ || done_reading_) return;
    CsvChunk chunk;
    if (!free_chunks_.empty()) {
      chunk = std::move(free_chunks_.back());
      free_chunks_.pop_back();
    }
    // Blocks are cut one after the other (each starts where the last ended).
    Result<bool> more = chunks_->Next(&chunk);
    if (!more.ok() || !*more) {
      if (!more.ok()) {
        Parsed failed;
        failed.error = more.status();
        parsed_[next_block_++] = std::move(failed);
      }
      done_reading_ = true;
      cv_.notify_all();
      return;
    }
    const int64_t index = next_block_++;
    const int64_t hint = rows_hint_;
    lock.unlock();
    if (builder == nullptr) {
      builder = std::make_unique<CsvBatchBuilder>(path_, types_, names_, hint);
    } else {
      builder->set_rows_hint(hint);
    }
    Parsed parsed = ParseBlock(chunk, index == 0, &scanner, builder.get());
    lock.lock();
    if (!parsed.error.ok()) done_reading_ = true;  // nothing after it is needed
    rows_hint_ = std::max(rows_hint_, parsed.rows + parsed.rows / 8);
    free_chunks_.push_back(std::move(chunk));
    parsed_[index] = std::move(parsed);
    cv_.notify_all();
  }
}

ParallelCsvReader::Parsed ParallelCsvReader::ParseBlock(const CsvChunk& chunk, bool first,
                                                        CsvRecordScanner* scanner,
                                                        CsvBatchBuilder* builder) {
  Parsed out;
  const char* p = chunk.data.get();
  const char* end = p + chunk.size;
  const size_t width = types_.size();
  int64_t line = 0;
  bool skip = first && csv_.header;
  // Most files have neither quotes nor CRs: split them the fast way.
  scanner->set_plain(std::memchr(p, csv_.quote, chunk.size) == nullptr &&
                     std::memchr(p, '\r', chunk.size) == nullptr);
  auto fail = [&](Status error, int64_t at) {
    out.error = std::move(error);
    out.error_line = at;
    (void)builder->Finish();  // drop the block's rows
    return std::move(out);
  };
  while (true) {
    const CsvRecordScanner::Outcome o = scanner->Next(&p, end, /*eof=*/true, &line);
    if (o == CsvRecordScanner::Outcome::kEnd) break;
    if (o != CsvRecordScanner::Outcome::kRecord) {
      return fail(Status::Error(ErrorCode::kInvalidText, ": " + scanner->error()),
                  scanner->error_line());
    }
    if (skip) {  // the header
      skip = false;
      continue;
    }
    if (scanner->field_count() != width) {
      return fail(Status::Error(ErrorCode::kInvalidText,
                                ": expected " + std::to_string(width) + " field(s), found " +
                                    std::to_string(scanner->field_count())),
                  scanner->record_line());
    }
    Status st = builder->AppendRecord(scanner->fields());
    if (!st.ok()) return fail(std::move(st), scanner->record_line());
  }
  out.lines = line;
  out.rows = builder->rows();
  out.columns = builder->Finish();
  return out;
}

Result<bool> ParallelCsvReader::Next(std::vector<ColumnPtr>* columns, int64_t* rows) {
  Parsed parsed;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] {
      return parsed_.count(returned_) > 0 || (done_reading_ && returned_ >= next_block_);
    });
    auto it = parsed_.find(returned_);
    if (it == parsed_.end()) return false;
    parsed = std::move(it->second);
    parsed_.erase(it);
    ++returned_;
    if (!parsed.error.ok()) stop_ = true;
  }
  cv_.notify_all();
  const int64_t base = line_base_;
  line_base_ += parsed.lines;
  if (!parsed.error.ok()) {
    if (parsed.error_line < 0) return parsed.error;
    return Status::Error(parsed.error.code(), "\"" + path_ + "\" line " +
                                                  std::to_string(base + parsed.error_line) +
                                                  parsed.error.message());
  }
  *columns = std::move(parsed.columns);
  *rows = parsed.rows;
  return true;
}

}  // namespace copra::csv
