// Builds the storage a config names: WebHDFS or the local file system, behind the fence and
// the retry policy.
#pragma once

#include <memory>

#include "hdfs-sink/backoff_sleeper.h"
#include "hdfs-sink/retrying_storage.h"
#include "hdfs-sink/sink_config.h"
#include "hdfs-sink/storage.h"
#include "hdfs-sink/storage_fence.h"

namespace sluice::hdfs_sink {

// `outage` counts the failures of every call (config.retry is its policy); `fence` admits
// every call, and aborts WebHDFS requests in flight.
std::unique_ptr<Storage> MakeStorage(const HdfsSinkConfig& config,
                                     std::shared_ptr<OutageClock> outage,
                                     std::shared_ptr<const StorageFence> fence,
                                     std::shared_ptr<BackoffSleeper> sleeper,
                                     RetryingStorage::WarningSink warn);

}  // namespace sluice::hdfs_sink
