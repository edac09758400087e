#include "transport/embedded/producer_state_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "common/atomic_file.h"
#include "transport/embedded/byte_codec.h"
#include "transport/embedded/crc32c.h"

namespace sluice::embedded {
namespace {

constexpr uint64_t kCompactAboveBytes = 1 << 20;
constexpr size_t kEntryPrefix = 8;  // length + CRC
constexpr uint32_t kMaxPayload = 64u << 20;

void PutString(std::string* out, const std::string& s) {
  PutVarint64(out, s.size());
  out->append(s);
}

std::string Encode(const JournalEntry& entry) {
  std::string payload;
  PutString(&payload, entry.partition.topic);
  PutZigZag64(&payload, entry.partition.partition);
  PutZigZag64(&payload, entry.base_offset);
  PutVarint64(&payload, entry.batch_crc);
  PutVarint64(&payload, entry.state.size());
  for (const auto& [key, value] : entry.state) {
    PutString(&payload, key);
    PutString(&payload, value);
  }
  std::string out(kEntryPrefix, '\0');
  EncodeFixed32(out.data(), static_cast<uint32_t>(payload.size()));
  EncodeFixed32(out.data() + 4, Crc32c(payload));
  return out + payload;
}

bool ReadString(ByteReader& reader, std::string* s) {
  uint64_t size = 0;
  std::string_view bytes;
  if (!reader.ReadVarint64(&size) || !reader.ReadBytes(size, &bytes)) return false;
  s->assign(bytes);
  return true;
}

std::optional<JournalEntry> Decode(std::string_view payload) {
  ByteReader reader(payload);
  JournalEntry entry;
  int64_t partition = 0;
  uint64_t crc = 0;
  uint64_t state_entries = 0;
  if (!ReadString(reader, &entry.partition.topic) || !reader.ReadZigZag64(&partition) ||
      !reader.ReadZigZag64(&entry.base_offset) || !reader.ReadVarint64(&crc) ||
      !reader.ReadVarint64(&state_entries)) {
    return std::nullopt;
  }
  for (uint64_t i = 0; i < state_entries; ++i) {
    std::string key, value;
    if (!ReadString(reader, &key) || !ReadString(reader, &value)) return std::nullopt;
    entry.state.emplace(std::move(key), std::move(value));
  }
  entry.partition.partition = static_cast<int32_t>(partition);
  entry.batch_crc = static_cast<uint32_t>(crc);
  return entry;
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("cannot write", path, errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

}  // namespace

std::string ProducerStateJournalPath(const std::string& log_dir,
                                     const std::string& transactional_id) {
  // Kafka's transactional ids are free text: keep the file name to safe characters.
  std::string name;
  for (char c : transactional_id) {
    const bool safe =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (safe) {
      name += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      name += hex;
    }
  }
  return log_dir + "/__producer_state/" + name + ".journal";
}

Result<std::unique_ptr<ProducerStateJournal>> ProducerStateJournal::Open(const std::string& path,
                                                                         bool truncate) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::IoError("cannot create the folder of " + path + ": " + ec.message());
  SLUICE_ASSIGN_OR_RETURN(UniqueFd fd,
                          OpenFile(path, O_WRONLY | O_CREAT | O_APPEND | (truncate ? O_TRUNC : 0)));
  SLUICE_ASSIGN_OR_RETURN(uint64_t size, FileSize(fd.get(), path));
  return std::unique_ptr<ProducerStateJournal>(new ProducerStateJournal(path, std::move(fd), size));
}

Status ProducerStateJournal::Append(const JournalEntry& entry) {
  last_entry_ = Encode(entry);
  // One write: a crash leaves the entry whole or torn, and a torn one fails its CRC.
  SLUICE_RETURN_IF_ERROR(WriteAll(fd_.get(), last_entry_, path_));
  size_ += last_entry_.size();
  return Status::OK();
}

Status ProducerStateJournal::BatchAppended() {
  if (size_ <= kCompactAboveBytes || last_entry_.empty()) return Status::OK();
  // The last entry's batch is in the log, so the entries before it are no longer needed.
  SLUICE_RETURN_IF_ERROR(WriteFileAtomically(path_, last_entry_));
  SLUICE_ASSIGN_OR_RETURN(fd_, OpenFile(path_, O_WRONLY | O_APPEND));
  size_ = last_entry_.size();
  return Status::OK();
}

Result<std::vector<JournalEntry>> ProducerStateJournal::ReadAll(const std::string& path) {
  std::vector<JournalEntry> entries;
  auto fd = OpenFile(path, O_RDONLY);
  if (!fd.ok()) {
    if (!std::filesystem::exists(path)) return entries;
    return fd.status();
  }
  SLUICE_ASSIGN_OR_RETURN(uint64_t size, FileSize(fd->get(), path));
  std::string bytes(size, '\0');
  SLUICE_ASSIGN_OR_RETURN(size_t read, ReadAt(fd->get(), bytes.data(), size, 0, path));
  bytes.resize(read);
  std::string_view rest(bytes);
  while (rest.size() >= kEntryPrefix) {
    const uint32_t length = DecodeFixed32(rest.data());
    const uint32_t crc = DecodeFixed32(rest.data() + 4);
    if (length > kMaxPayload || rest.size() - kEntryPrefix < length) break;  // torn tail
    const std::string_view payload = rest.substr(kEntryPrefix, length);
    if (Crc32c(payload) != crc) break;
    auto entry = Decode(payload);
    if (!entry) break;
    entries.push_back(std::move(*entry));
    rest.remove_prefix(kEntryPrefix + length);
  }
  return entries;
}

Result<std::optional<transport::CommitState>> ProducerStateJournal::Recover(
    const std::string& path, const BatchInLog& in_log) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<JournalEntry> entries, ReadAll(path));
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (in_log(*it)) return std::optional<transport::CommitState>(std::move(it->state));
  }
  return std::optional<transport::CommitState>();
}

}  // namespace sluice::embedded
