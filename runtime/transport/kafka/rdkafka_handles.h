// Owning handles for librdkafka's C objects, so that every early return frees what it created.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

namespace sluice::transport::kafka {

template <auto DestroyFn>
struct Destroyer {
  template <typename T>
  void operator()(T* object) const {
    if (object != nullptr) DestroyFn(object);
  }
};

using ClientPtr = std::unique_ptr<rd_kafka_t, Destroyer<rd_kafka_destroy>>;
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, Destroyer<rd_kafka_conf_destroy>>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, Destroyer<rd_kafka_queue_destroy>>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, Destroyer<rd_kafka_event_destroy>>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, Destroyer<rd_kafka_message_destroy>>;
using ErrorPtr = std::unique_ptr<rd_kafka_error_t, Destroyer<rd_kafka_error_destroy>>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, Destroyer<rd_kafka_headers_destroy>>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t,
                                         Destroyer<rd_kafka_topic_partition_list_destroy>>;
using MetadataPtr =
    std::unique_ptr<const rd_kafka_metadata_t, Destroyer<rd_kafka_metadata_destroy>>;
using AdminOptionsPtr =
    std::unique_ptr<rd_kafka_AdminOptions_t, Destroyer<rd_kafka_AdminOptions_destroy>>;

}  // namespace sluice::transport::kafka
