#include "grpc/batch_producer.h"

#include <algorithm>
#include <condition_variable>
#include <optional>
#include <string>

namespace sluice::rpc {
namespace {

using Clock = std::chrono::steady_clock;

// Delivery reports of one batch. Shared with the callbacks, which may outlive a batch that timed
// out.
struct Deliveries {
  explicit Deliveries(size_t count) : reports(count) {}

  std::mutex mutex;
  std::condition_variable all_done;
  std::vector<std::optional<transport::DeliveryReport>> reports;
  size_t pending = 0;
};

std::chrono::milliseconds Remaining(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::string RecordName(size_t index, size_t count, const std::string& topic) {
  return "record " + std::to_string(index + 1) + " of " + std::to_string(count) + " to topic " +
         topic;
}

}  // namespace

Result<std::vector<transport::DeliveryReport>> BatchProducer::ProduceAll(
    std::vector<transport::ProducerRecord> records, std::chrono::milliseconds timeout) {
  if (records.empty()) return std::vector<transport::DeliveryReport>();
  const Clock::time_point deadline = Clock::now() + timeout;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!producer_) {
    SLUICE_ASSIGN_OR_RETURN(producer_, transport_.CreateProducer({}));
  }

  const size_t count = records.size();
  auto deliveries = std::make_shared<Deliveries>(count);
  for (size_t i = 0; i < count; ++i) {
    {
      std::lock_guard<std::mutex> deliveries_lock(deliveries->mutex);
      ++deliveries->pending;
    }
    auto on_delivery = [deliveries, i](const transport::DeliveryReport& report) {
      std::lock_guard<std::mutex> deliveries_lock(deliveries->mutex);
      deliveries->reports[i] = report;
      if (--deliveries->pending == 0) deliveries->all_done.notify_all();
    };
    Status sent = producer_->Send(records[i], on_delivery);
    // A full queue drains as earlier records are acknowledged.
    while (sent.code() == StatusCode::kRetriable && Clock::now() < deadline) {
      producer_->Poll(std::min(Remaining(deadline), std::chrono::milliseconds(100)));
      sent = producer_->Send(records[i], on_delivery);
    }
    if (!sent.ok()) {
      std::lock_guard<std::mutex> deliveries_lock(deliveries->mutex);
      --deliveries->pending;
      return Status(sent.code(),
                    RecordName(i, count, records[i].topic) + " was not sent: " + sent.message());
    }
  }

  Status flushed = producer_->Flush(Remaining(deadline));
  std::unique_lock<std::mutex> deliveries_lock(deliveries->mutex);
  // Callbacks may run on a transport thread just after Flush returns.
  if (!deliveries->all_done.wait_until(deliveries_lock, deadline,
                                       [&] { return deliveries->pending == 0; })) {
    std::string why = flushed.ok() ? "no acknowledgement" : flushed.message();
    return Status::Timeout(std::to_string(deliveries->pending) + " of " + std::to_string(count) +
                           " records to topic " + records.front().topic +
                           " were not acknowledged in time: " + why);
  }
  std::vector<transport::DeliveryReport> reports;
  reports.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const transport::DeliveryReport& report = *deliveries->reports[i];
    if (!report.status.ok()) {
      return Status(report.status.code(),
                    RecordName(i, count, records[i].topic) + " failed: " + report.status.message());
    }
    reports.push_back(report);
  }
  return reports;
}

}  // namespace sluice::rpc
