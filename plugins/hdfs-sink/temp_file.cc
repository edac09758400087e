#include "hdfs-sink/temp_file.h"

namespace sluice::hdfs_sink {

TempFile::TempFile(std::string path, std::unique_ptr<FileEncoder> encoder, size_t buffer_bytes)
    : path_(std::move(path)), encoder_(std::move(encoder)), buffer_bytes_(buffer_bytes) {}

void TempFile::Add(std::string_view bytes) {
  encoder_->Write(bytes, pending_);
}

void TempFile::Close() {
  encoder_->Finish(pending_);
}

void TempFile::Flush(Storage& storage) {
  if (doubtful_bytes_ != 0) SettleDoubtfulAppend(storage);
  if (created_ && pending_.empty()) return;
  if (!created_) {
    create_attempted_ = true;
    storage.Create(path_, pending_, /*overwrite=*/true);
    created_ = true;
  } else {
    try {
      storage.Append(path_, pending_);
    } catch (const StorageError& e) {
      if (e.kind() == StorageErrorKind::kNotFound) {
        throw TempFileLost("temporary file " + path_ + " disappeared while being written");
      }
      if (e.may_have_applied()) doubtful_bytes_ = pending_.size();
      throw;
    }
  }
  uploaded_ += pending_.size();
  pending_.clear();
}

void TempFile::SettleDoubtfulAppend(Storage& storage) {
  std::optional<FileStatus> status = storage.GetFileStatus(path_);
  if (!status) throw TempFileLost("temporary file " + path_ + " disappeared while being written");
  if (status->length == uploaded_ + doubtful_bytes_) {  // the append landed
    uploaded_ += doubtful_bytes_;
    pending_.erase(0, doubtful_bytes_);
  } else if (status->length != uploaded_) {  // neither landed nor absent: cut short
    throw TempFileLost("temporary file " + path_ + " has " + std::to_string(status->length) +
                       " bytes after a failed append, expected " + std::to_string(uploaded_) +
                       " or " + std::to_string(uploaded_ + doubtful_bytes_));
  }
  doubtful_bytes_ = 0;
}

}  // namespace sluice::hdfs_sink
