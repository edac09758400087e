// A record the sink cannot write as it is (no timestamp, a missing partition field, a value that
// does not fit its schema). The task hands such records to the connector's error handling
// (errors.tolerance, dead-letter queue) instead of failing on them.
#pragma once

#include <stdexcept>

namespace sluice::hdfs_sink {

class RecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sluice::hdfs_sink
