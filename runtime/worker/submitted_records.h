// Which source offsets may be committed: a record's offset becomes committable once the broker
// acknowledged it and every record submitted before it from the same source partition (Kafka
// Connect's SubmittedRecords). Acknowledgements may arrive on any thread and in any order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::worker {

class SubmittedRecords {
 public:
  struct Entry {
    std::string offset_json;
    bool acked = false;
  };

  // A submitted record. `generation` guards against acknowledgements that arrive after Clear().
  struct Ticket {
    Entry* entry = nullptr;
    uint64_t generation = 0;
  };

  Ticket Submit(std::string_view partition_json, std::string_view offset_json);
  // A tombstone for the partition: committable (as an empty offset) once everything submitted
  // before it for the partition is.
  void SubmitTombstone(std::string_view partition_json);
  void Ack(const Ticket& ticket);

  // Removes each partition's acknowledged prefix and returns, per partition, the offset of the
  // last record in it (empty for a tombstone). Partitions with nothing new are absent.
  std::map<std::string, std::string> TakeCommittable();

  size_t outstanding() const;
  // Forgets everything in flight; late acknowledgements of it are ignored.
  void Clear();

 private:
  std::deque<Entry>& Queue(std::string_view partition_json);
  std::string SpareString();

  mutable std::mutex mu_;
  std::map<std::string, std::deque<Entry>, std::less<>> partitions_;
  // Offset strings of committed entries, kept for new ones: a record's offset is then copied
  // into storage that exists rather than allocated.
  std::vector<std::string> spare_;
  size_t outstanding_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace sluice::worker
