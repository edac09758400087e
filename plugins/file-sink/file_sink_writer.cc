#include "file-sink/file_sink_writer.h"

#include <cerrno>
#include <system_error>

#include "file-sink/value_text.h"

namespace sluice::file_sink {

FileSinkWriter::FileSinkWriter(std::unique_ptr<AppendFile> file, size_t buffer_bytes)
    : file_(std::move(file)), buffer_bytes_(buffer_bytes) {
  buffer_.reserve(buffer_bytes_ + 4096);
}

void FileSinkWriter::Write(const SchemaAndValue& value) {
  AppendValueText(value, buffer_);
  buffer_ += '\n';
  if (buffer_.size() >= buffer_bytes_) WriteOut();
}

void FileSinkWriter::Flush() {
  if (!failure_.empty()) {
    throw std::system_error(EIO, std::generic_category(),
                            "lines were lost earlier, nothing is flushed: " + failure_);
  }
  WriteOut();
  if (unsynced_) {
    file_->Sync();
    unsynced_ = false;
  }
}

void FileSinkWriter::WriteOut() {
  if (buffer_.empty()) return;
  unsynced_ = true;
  try {
    file_->Append(buffer_);
  } catch (const std::exception& e) {
    buffer_.clear();  // part of it may be written: writing it again would duplicate lines
    failure_ = e.what();
    throw;
  }
  buffer_.clear();
}

}  // namespace sluice::file_sink
