#include "transport/kafka/kafka_producer.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "common/log.h"
#include "common/thread_name.h"
#include "transport/kafka/kafka_error.h"
#include "transport/kafka/kafka_logging.h"
#include "transport/kafka/rdkafka_timeout.h"

namespace sluice::transport::kafka {
namespace {

// How long the delivery thread blocks per wait. The destructor wakes it at once with a queue
// yield, so this only bounds how long a missed wake-up could delay shutdown.
constexpr int kEventWaitMs = 1000;

rd_kafka_vu_t Value(rd_kafka_vtype_t type, const std::optional<std::string>& bytes) {
  rd_kafka_vu_t vu{};
  vu.vtype = type;
  // A null pointer is Kafka's null; an empty string keeps a non-null pointer of length 0.
  vu.u.mem.ptr = bytes ? const_cast<char*>(bytes->data()) : nullptr;
  vu.u.mem.size = bytes ? bytes->size() : 0;
  return vu;
}

HeadersPtr ToHeaders(const std::vector<RecordHeader>& headers) {
  HeadersPtr list(rd_kafka_headers_new(headers.size()));
  for (const RecordHeader& header : headers) {
    rd_kafka_header_add(list.get(), header.key.data(), static_cast<ssize_t>(header.key.size()),
                        header.value ? header.value->data() : nullptr,
                        header.value ? static_cast<ssize_t>(header.value->size()) : 0);
  }
  return list;
}

}  // namespace

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::Create(ConfPtr conf) {
  // Delivery reports and errors as events on the main queue, served by our own thread.
  rd_kafka_conf_set_events(conf.get(), RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR);
  char errstr[512];
  rd_kafka_t* client = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
  if (client == nullptr) {
    return Status::InvalidArgument(std::string("cannot create Kafka producer: ") + errstr);
  }
  conf.release();  // owned by the client from now on
  return std::unique_ptr<KafkaProducer>(new KafkaProducer(ClientPtr(client)));
}

KafkaProducer::KafkaProducer(ClientPtr client)
    : client_(std::move(client)),
      main_queue_(rd_kafka_queue_get_main(client_.get())),
      delivery_thread_([this] {
        SetCurrentThreadName("kafka-delivery");
        ServeEventsUntilStopped();
      }) {}

KafkaProducer::~KafkaProducer() {
  Status flushed = Flush(kCloseFlushTimeout);
  if (!flushed.ok()) {
    SLUICE_LOG_WARN(kKafkaLogger, "closing producer " << rd_kafka_name(client_.get())
                                                      << " with records undelivered ("
                                                      << flushed.message() << "); purging them");
    rd_kafka_purge(client_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    // Purged records report __PURGE_QUEUE/__PURGE_INFLIGHT through the delivery thread.
    (void)Flush(kCloseFlushTimeout);
  }
  stopping_ = true;
  rd_kafka_queue_yield(main_queue_.get());
  delivery_thread_.join();
  // Anything still queued gets its callback here rather than being dropped by rd_kafka_destroy.
  while (rd_kafka_event_t* event = rd_kafka_queue_poll(main_queue_.get(), 0)) ServeEvent(event);
  main_queue_.reset();
  client_.reset();
}

Status KafkaProducer::Send(const ProducerRecord& record, DeliveryCallback on_delivery) {
  auto callback = std::make_unique<DeliveryCallback>(std::move(on_delivery));
  HeadersPtr headers = record.headers.empty() ? nullptr : ToHeaders(record.headers);

  std::vector<rd_kafka_vu_t> args;
  args.reserve(8);
  rd_kafka_vu_t vu{};
  vu.vtype = RD_KAFKA_VTYPE_TOPIC;
  vu.u.cstr = record.topic.c_str();
  args.push_back(vu);
  vu.vtype = RD_KAFKA_VTYPE_PARTITION;
  vu.u.i32 = record.partition == kAnyPartition ? RD_KAFKA_PARTITION_UA : record.partition;
  args.push_back(vu);
  args.push_back(Value(RD_KAFKA_VTYPE_KEY, record.key));
  args.push_back(Value(RD_KAFKA_VTYPE_VALUE, record.value));
  vu.vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu.u.i = RD_KAFKA_MSG_F_COPY;
  args.push_back(vu);
  vu.vtype = RD_KAFKA_VTYPE_TIMESTAMP;
  // librdkafka's 0 means "now"; so does our kNoTimestamp.
  vu.u.i64 = record.timestamp_ms == kNoTimestamp ? 0 : record.timestamp_ms;
  args.push_back(vu);
  vu.vtype = RD_KAFKA_VTYPE_OPAQUE;
  vu.u.ptr = callback.get();
  args.push_back(vu);
  if (headers) {
    vu.vtype = RD_KAFKA_VTYPE_HEADERS;
    vu.u.headers = headers.get();
    args.push_back(vu);
  }

  ErrorPtr error(rd_kafka_produceva(client_.get(), args.data(), args.size()));
  if (error) {
    // Not queued: headers and callback stay ours and are freed here; the callback never runs.
    const std::string context = "cannot queue a record for topic '" + record.topic + "'";
    if (rd_kafka_error_code(error.get()) == RD_KAFKA_RESP_ERR__FATAL) {
      char reason[512];
      rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(client_.get(), reason, sizeof reason);
      return Status::FailedPrecondition(context + ": the producer hit a fatal error: " +
                                        rd_kafka_err2name(fatal) + ": " + reason);
    }
    return KafkaErrorStatus(error.get(), context);
  }
  headers.release();   // owned by the queued message
  callback.release();  // freed by DeliverReports after it runs
  return Status::OK();
}

void KafkaProducer::Poll(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t served_before = reports_served_;
  if (rd_kafka_outq_len(client_.get()) == 0) return;
  report_served_.wait_for(lock, timeout, [&] { return reports_served_ != served_before; });
}

Status KafkaProducer::Flush(std::chrono::milliseconds timeout) {
  // In event mode rd_kafka_flush only waits: it counts records in flight and delivery reports
  // not yet destroyed, so it returns once the delivery thread has run every callback.
  rd_kafka_resp_err_t err = rd_kafka_flush(client_.get(), TimeoutMs(timeout));
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return Status::Timeout(std::to_string(rd_kafka_outq_len(client_.get())) +
                           " records or reports still pending after " +
                           std::to_string(timeout.count()) + " ms");
  }
  return KafkaErrorStatus(err, "flushing the producer");
}

void KafkaProducer::ServeEventsUntilStopped() {
  while (!stopping_) {
    rd_kafka_event_t* event = rd_kafka_queue_poll(main_queue_.get(), kEventWaitMs);
    if (event != nullptr) ServeEvent(event);
  }
}

void KafkaProducer::ServeEvent(rd_kafka_event_t* raw_event) {
  EventPtr event(raw_event);
  switch (rd_kafka_event_type(event.get())) {
    case RD_KAFKA_EVENT_DR:
      DeliverReports(event.get());
      break;
    case RD_KAFKA_EVENT_ERROR:
      // Most client errors are transient (a broker went away) and librdkafka recovers; a fatal
      // one makes every later Send fail with the reason.
      SLUICE_LOG_AT(
          rd_kafka_event_error_is_fatal(event.get()) ? log::Level::kError : log::Level::kWarn,
          kKafkaLogger,
          "producer " << rd_kafka_name(client_.get()) << ": "
                      << rd_kafka_err2name(rd_kafka_event_error(event.get())) << ": "
                      << rd_kafka_event_error_string(event.get()));
      break;
    default:
      break;
  }
  event.reset();  // only now does rd_kafka_flush stop counting the reports
  std::lock_guard<std::mutex> lock(mu_);
  ++reports_served_;
  report_served_.notify_all();
}

void KafkaProducer::DeliverReports(rd_kafka_event_t* event) {
  while (const rd_kafka_message_t* message = rd_kafka_event_message_next(event)) {
    std::unique_ptr<DeliveryCallback> callback(static_cast<DeliveryCallback*>(message->_private));
    DeliveryReport report;
    report.topic = rd_kafka_topic_name(message->rkt);
    report.partition = message->partition;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      report.offset = message->offset;
    } else {
      report.status = KafkaErrorStatus(message->err, std::string("delivering a record to topic '") +
                                                         rd_kafka_topic_name(message->rkt) + "'");
    }
    if (!callback || !*callback) continue;
    try {
      (*callback)(report);
    } catch (const std::exception& e) {
      SLUICE_LOG_ERROR(kKafkaLogger, "a delivery callback threw: " << e.what());
    } catch (...) {
      SLUICE_LOG_ERROR(kKafkaLogger, "a delivery callback threw a non-standard exception");
    }
  }
}

}  // namespace sluice::transport::kafka
