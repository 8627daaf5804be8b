#include "storage/csv/csv_reader.h"

#include <cerrno>
#include <cstring>

namespace copra::csv {

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, CsvOptions options) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    int err = errno;
    ErrorCode code = err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIoError;
    return Status::Error(code, "cannot open \"" + path + "\": " + std::strerror(err));
  }
  auto r = std::unique_ptr<CsvReader>(new CsvReader(path, f, std::move(options)));
  r->buffer_.resize(1 << 16);
  return r;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Status CsvReader::Error(int64_t line, const std::string& what) const {
  return Status::Error(ErrorCode::kInvalidText,
                       "\"" + path_ + "\" line " + std::to_string(line) + ": " + what);
}

// Next byte, or EOF.
inline int CsvReader::Get() {
  if (buffer_pos_ == buffer_len_) {
    buffer_len_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    buffer_pos_ = 0;
    if (buffer_len_ == 0) {
      read_error_ = std::ferror(file_) != 0;
      return EOF;
    }
  }
  return static_cast<unsigned char>(buffer_[buffer_pos_++]);
}

Result<bool> CsvReader::Next(std::vector<CsvField>* fields, int64_t* line) {
  if (read_error_) return Status::IOError("cannot read \"" + path_ + "\"");
  // Fields are reused from the previous record (their strings keep their
  // capacity): the vector is resized to the record's count at the end.
  size_t count = 0;
  auto next_field = [&]() -> CsvField& {
    if (count == fields->size()) fields->emplace_back();
    CsvField& f = (*fields)[count++];
    f.text.clear();
    f.quoted = false;
    f.is_null = false;
    return f;
  };
  while (true) {
    *line = line_;
    int c = Get();
    if (c == EOF) {
      fields->clear();
      return false;
    }
    if (c == '\n') {  // empty line
      ++line_;
      continue;
    }
    if (c == '\r') {
      int d = Get();
      if (d == '\n' || d == EOF) {
        ++line_;
        if (d == EOF) {
          fields->clear();
          return false;
        }
        continue;
      }
      --buffer_pos_;  // d came from the current buffer
    }
    // Parse fields until the end of the record. `c` is the first byte.
    while (true) {
      CsvField& field = next_field();
      if (c == options_.quote) {
        field.quoted = true;
        const int64_t start_line = line_;
        while (true) {
          c = Get();
          if (c == EOF) return Error(start_line, "unterminated quoted field");
          if (c == options_.quote) {
            c = Get();
            if (c == options_.quote) {
              field.text.push_back(static_cast<char>(c));
              continue;
            }
            break;  // c: the byte after the closing quote
          }
          if (c == '\n') ++line_;
          field.text.push_back(static_cast<char>(c));
        }
        if (c == '\r') {
          int d = Get();
          if (d != '\n') return Error(line_, "carriage return after a closing quote");
          c = '\n';
        }
        if (c != options_.delimiter && c != '\n' && c != EOF) {
          return Error(line_, "unexpected character after a closing quote");
        }
      } else {
        while (c != options_.delimiter && c != '\n' && c != EOF) {
          if (c == '\r') {
            int d = Get();
            if (d == '\n' || d == EOF) {
              c = d;
              break;
            }
            field.text.push_back('\r');
            c = d;
            continue;
          }
          // `c` is buffer_[buffer_pos_ - 1]: take it with every ordinary
          // byte after it that the buffer holds, in one append.
          const size_t start = buffer_pos_ - 1;
          size_t end = buffer_pos_;
          while (end < buffer_len_) {
            const char b = buffer_[end];
            if (b == options_.delimiter || b == '\n' || b == '\r') break;
            ++end;
          }
          field.text.append(buffer_.data() + start, end - start);
          buffer_pos_ = end;
          c = Get();
        }
        field.is_null = field.text == options_.null_string;
      }
      if (c == options_.delimiter) {
        c = Get();
        if (c == '\n' || c == EOF || c == '\r') {
          // A trailing delimiter: one more (empty) field.
          CsvField& last = next_field();
          last.is_null = options_.null_string.empty();
          if (c == '\r') Get();
          if (c != EOF) ++line_;
          fields->resize(count);
          return true;
        }
        continue;
      }
      if (c == '\n') ++line_;
      fields->resize(count);
      return true;
    }
  }
}

}  // namespace copra::csv
