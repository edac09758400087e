#include "hdfs-sink/storage_factory.h"

#include "hdfs-sink/fenced_storage.h"
#include "hdfs-sink/local_storage.h"
#include "hdfs-sink/webhdfs_storage.h"

namespace sluice::hdfs_sink {

std::unique_ptr<Storage> MakeStorage(const HdfsSinkConfig& config,
                                     std::shared_ptr<OutageClock> outage,
                                     std::shared_ptr<const StorageFence> fence,
                                     std::shared_ptr<BackoffSleeper> sleeper,
                                     RetryingStorage::WarningSink warn) {
  std::unique_ptr<Storage> inner;
  if (config.store.kind == StoreUrl::Kind::kLocal) {
    inner = std::make_unique<LocalStorage>();
  } else {
    WebHdfsOptions options;
    options.base_url = config.store.base_url;
    options.user = config.user;
    options.httpfs = config.httpfs;
    options.timeouts = config.timeouts;
    options.fence = fence;
    inner = std::make_unique<WebHdfsStorage>(std::move(options));
  }
  // Retries go through the fence too: none is sent once it closed.
  inner = std::make_unique<FencedStorage>(std::move(inner), std::move(fence));
  return std::make_unique<RetryingStorage>(std::move(inner), std::move(outage), std::move(sleeper),
                                           std::move(warn));
}

}  // namespace sluice::hdfs_sink
