#include "storage/csv/csv_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace copra::csv {

Result<std::unique_ptr<CsvWriter>> CsvWriter::Create(const std::string& path, CsvOptions options) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::IOError("cannot create \"" + path + "\": " + std::strerror(errno));
  }
  return std::unique_ptr<CsvWriter>(new CsvWriter(path, f, std::move(options)));
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvWriter::AppendField(std::string_view text) {
  bool quote = text == options_.null_string ||
               text.find_first_of(std::string{options_.delimiter, options_.quote, '\n', '\r'}) !=
                   std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) {
    buffer_.append(text);
    return;
  }
  buffer_.push_back(options_.quote);
  for (char c : text) {
    if (c == options_.quote) buffer_.push_back(c);
    buffer_.push_back(c);
  }
  buffer_.push_back(options_.quote);
}

Status CsvWriter::Flush() {
  if (buffer_.empty()) return Status::OK();
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    ErrorCode code = errno == ENOSPC ? ErrorCode::kDiskFull : ErrorCode::kIoError;
    return Status::Error(code, "cannot write \"" + path_ + "\": " + std::strerror(errno));
  }
  buffer_.clear();
  return Status::OK();
}

Status CsvWriter::WriteHeader(const std::vector<std::string>& names) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) buffer_.push_back(options_.delimiter);
    AppendField(names[i]);
  }
  buffer_.push_back('\n');
  return Flush();
}

Status CsvWriter::WriteRows(const std::vector<ColumnPtr>& columns, int64_t num_rows) {
  for (int64_t r = 0; r < num_rows; ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) buffer_.push_back(options_.delimiter);
      if (columns[c]->IsNull(r)) {
        buffer_.append(options_.null_string);
      } else {
        AppendField(columns[c]->GetString(r));
      }
    }
    buffer_.push_back('\n');
    if (buffer_.size() >= (1 << 20)) COPRA_RETURN_NOT_OK(Flush());
  }
  return Flush();
}

Status CsvWriter::Close() {
  COPRA_RETURN_NOT_OK(Flush());
  std::FILE* f = file_;
  file_ = nullptr;
  if (std::fflush(f) != 0 || ::fsync(fileno(f)) != 0) {
    int err = errno;
    std::fclose(f);
    return Status::IOError("cannot write \"" + path_ + "\": " + std::strerror(err));
  }
  if (std::fclose(f) != 0) {
    return Status::IOError("cannot close \"" + path_ + "\": " + std::strerror(errno));
  }
  return Status::OK();
}

}  // namespace copra::csv
