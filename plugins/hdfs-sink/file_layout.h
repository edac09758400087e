// Where the sink's files live, with Confluent's names:
//
//   <root>/<topics.dir>/<topic>/<encoded partition>/<topic>+<kafka partition>+<start>+<end><ext>
//       a committed file; both offsets inclusive, zero-padded to filename.offset.zero.pad.width
//       e.g. /topics/logs/partition=0/logs+0+0000000000+0000000002.json
//   <root>/<topics.dir>/+tmp/<topic>/<kafka partition>/<uuid>_tmp<ext>
//       a file being written ("+" cannot start a Kafka topic name, so +tmp is no topic)
//   <root>/<logs.dir>/<topic>/<kafka partition>/log
//       the partition's commit log (see CommitLog)
//
// Confluent keeps temporary files by encoded partition; Sluice keeps them by Kafka partition, so
// that recovery finds and deletes exactly its own partition's leftovers with one listing,
// however many time directories there are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sluice::hdfs_sink {

struct CommittedFileName {
  int32_t partition = 0;
  int64_t start_offset = 0;
  int64_t end_offset = 0;
};

class FileLayout {
 public:
  FileLayout(std::string root, std::string topics_dir, std::string logs_dir, std::string extension,
             int offset_width);

  std::string TopicDirectory(const std::string& topic) const;
  std::string Directory(const std::string& topic, const std::string& encoded_partition) const;
  std::string FileName(const std::string& topic, int32_t partition, int64_t start_offset,
                       int64_t end_offset) const;
  std::string TempDirectory(const std::string& topic, int32_t partition) const;
  // A fresh temporary path (a random UUID names it).
  std::string NewTempFile(const std::string& topic, int32_t partition) const;
  std::string CommitLogFile(const std::string& topic, int32_t partition) const;

  // Reads a committed file name of `topic` ("<topic>+<p>+<start>+<end>[.ext]"); nullopt for any
  // other name.
  static std::optional<CommittedFileName> ParseFileName(const std::string& topic,
                                                        const std::string& name);

  const std::string& extension() const { return extension_; }

 private:
  std::string topics_root_;
  std::string logs_root_;
  std::string extension_;
  int offset_width_;
};

// A random (version 4) UUID in its usual text form.
std::string RandomUuid();

}  // namespace sluice::hdfs_sink
