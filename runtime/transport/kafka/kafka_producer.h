// Producer over librdkafka: idempotent, acks=all (pinned by client_settings.h).
//
// Delivery reports arrive as events on librdkafka's main queue, which one thread of the producer
// serves; every DeliveryCallback therefore runs on that thread, one at a time. Send() may be
// called from any thread.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "common/status.h"
#include "transport/kafka/rdkafka_handles.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

class KafkaProducer final : public Producer {
 public:
  // Takes `conf` (built by BuildConf) and starts the delivery thread.
  static Result<std::unique_ptr<KafkaProducer>> Create(ConfPtr conf);

  // Waits up to kCloseFlushTimeout for queued records; records still undelivered then are purged
  // and their callbacks run with kCancelled.
  ~KafkaProducer() override;

  Status Send(const ProducerRecord& record, DeliveryCallback on_delivery) override;
  // Waits until the delivery thread has served at least one report, or `timeout`.
  void Poll(std::chrono::milliseconds timeout) override;
  Status Flush(std::chrono::milliseconds timeout) override;

  static constexpr std::chrono::seconds kCloseFlushTimeout{30};

 private:
  explicit KafkaProducer(ClientPtr client);

  void ServeEventsUntilStopped();
  void ServeEvent(rd_kafka_event_t* event);
  void DeliverReports(rd_kafka_event_t* event);

  ClientPtr client_;
  QueuePtr main_queue_;
  std::atomic<bool> stopping_{false};

  std::mutex mu_;
  std::condition_variable report_served_;
  uint64_t reports_served_ = 0;  // guarded by mu_

  std::thread delivery_thread_;  // last: starts once everything above exists
};

}  // namespace sluice::transport::kafka
