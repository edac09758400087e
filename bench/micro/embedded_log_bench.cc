// The embedded log (sluice::embedded_log) through its public entry points, in a fresh log
// directory per benchmark: appending sealed batches to a partition, the producer (batching on
// Send, appends and delivery callbacks on its sender thread, Flush), reading a partition back,
// and the consumer (what a sink task polls). Records are access-log lines with a null key.
//
// log.flush.interval.ms is set very high so that the background fsync, which runs on its own
// thread at a fixed pace, does not land in the timings; every append still goes through write(2)
// into the page cache.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access_log_lines.h"
#include "transport/embedded/embedded_transport.h"
#include "transport/embedded/record_batch.h"

namespace {

using sluice::embedded::EmbeddedTransport;
using sluice::embedded::PartitionLog;
using sluice::embedded::RecordBatchBuilder;
using sluice::embedded::SealedBatch;
using sluice::transport::ConsumedRecord;
using sluice::transport::DeliveryReport;
using sluice::transport::ProducerRecord;

constexpr const char* kTopic = "bench";

template <typename T>
T OrDie(sluice::Result<T> result, const char* what) {
  if (!result.ok()) {
    std::cerr << what << ": " << result.status().message() << "\n";
    std::exit(1);
  }
  return std::move(*result);
}

void OrDie(const sluice::Status& status, const char* what) {
  if (!status.ok()) {
    std::cerr << what << ": " << status.message() << "\n";
    std::exit(1);
  }
}

const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = sluice::bench::AccessLogLines().Lines(10000);
  return lines;
}

// A log directory under $TMPDIR (default /tmp), removed with everything in it at the end.
class ScratchLog {
 public:
  ScratchLog() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp ? tmp : "/tmp") + "/sluice-micro-log-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("mkdtemp");
      std::exit(1);
    }
    dir_ = pattern;
    transport_ =
        OrDie(EmbeddedTransport::Open({{"log.dirs", dir_}, {"log.flush.interval.ms", "3600000"}}),
              "cannot open the embedded log");
    OrDie(transport_->logs().CreateTopic(kTopic, 1, {}), "cannot create the topic");
  }
  ~ScratchLog() {
    transport_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  EmbeddedTransport& transport() { return *transport_; }
  std::shared_ptr<PartitionLog> partition() {
    return OrDie(transport_->logs().GetTopic(kTopic, false), "no topic")->partition(0);
  }

  // Appends `records` lines in batches of 1000.
  void Fill(size_t records) {
    auto log = partition();
    RecordBatchBuilder builder;
    for (size_t i = 0; i < records; ++i) {
      builder.Add(1709251200000, std::nullopt, Lines()[i % Lines().size()], {});
      if (builder.record_count() == 1000 || i + 1 == records) {
        SealedBatch batch = builder.Seal(1709251200000);
        OrDie(log->Append(&batch), "append");
      }
    }
  }

 private:
  std::string dir_;
  std::unique_ptr<EmbeddedTransport> transport_;
};

// One sealed batch of 1000 lines (about 150 kB) appended per iteration.
void BM_PartitionAppend(benchmark::State& state) {
  ScratchLog scratch;
  auto log = scratch.partition();
  RecordBatchBuilder builder;
  for (size_t i = 0; i < 1000; ++i) builder.Add(1709251200000, std::nullopt, Lines()[i], {});
  SealedBatch batch = builder.Seal(1709251200000);
  for (auto _ : state) {
    auto appended = log->Append(&batch);
    if (!appended.ok()) {
      state.SkipWithError(appended.status().message().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(batch.bytes.size()));
}
BENCHMARK(BM_PartitionAppend)->Unit(benchmark::kMicrosecond);

// Send() of 10000 records, then Flush(): batching, appends and the delivery callbacks.
void BM_ProducerSendFlush(benchmark::State& state) {
  ScratchLog scratch;
  auto producer = OrDie(scratch.transport().CreateProducer({}), "cannot create a producer");
  constexpr size_t kRecords = 10000;
  std::atomic<uint64_t> delivered{0};
  auto on_delivery = [&delivered](const DeliveryReport& report) {
    if (report.status.ok()) delivered.fetch_add(1, std::memory_order_relaxed);
  };
  for (auto _ : state) {
    for (size_t i = 0; i < kRecords; ++i) {
      ProducerRecord record;
      record.topic = kTopic;
      record.value = Lines()[i];
      auto st = producer->Send(std::move(record), on_delivery);
      if (!st.ok()) {
        state.SkipWithError(st.message().c_str());
        return;
      }
    }
    auto flushed = producer->Flush(std::chrono::seconds(30));
    if (!flushed.ok()) {
      state.SkipWithError(flushed.message().c_str());
      return;
    }
  }
  if (delivered.load() != state.iterations() * kRecords) {
    state.SkipWithError("not every record was delivered");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRecords));
}
BENCHMARK(BM_ProducerSendFlush)->Unit(benchmark::kMillisecond)->UseRealTime();

// PartitionLog::Read of 100000 records (about 15 MB) from offset 0, 1 MiB per call, as the
// consumer's read-ahead does (max.partition.fetch.bytes).
void BM_PartitionRead(benchmark::State& state) {
  ScratchLog scratch;
  constexpr size_t kRecords = 100000;
  scratch.Fill(kRecords);
  auto log = scratch.partition();
  sluice::transport::ConsumedRecords out;
  for (auto _ : state) {
    int64_t offset = 0;
    size_t read = 0;
    while (offset < static_cast<int64_t>(kRecords)) {
      out.clear();
      auto result = log->Read(offset, 1 << 20, &out);
      if (!result.ok() || out.empty()) {
        state.SkipWithError("read stopped before the end of the log");
        return;
      }
      offset = result->next_offset;
      read += out.size();
    }
    benchmark::DoNotOptimize(read);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRecords));
}
BENCHMARK(BM_PartitionRead)->Unit(benchmark::kMillisecond);

// A consumer in a group polling 100000 records, at most 10000 a poll (the sink task's limit).
void BM_ConsumerPoll(benchmark::State& state) {
  ScratchLog scratch;
  constexpr size_t kRecords = 100000;
  scratch.Fill(kRecords);
  sluice::transport::ConsumerOptions options;
  options.group_id = "bench";
  auto consumer = OrDie(scratch.transport().CreateConsumer(options), "cannot create a consumer");
  OrDie(consumer->Subscribe({kTopic}), "cannot subscribe");
  // The first poll joins the group and is given the partition.
  while (consumer->Assignment().empty()) {
    OrDie(consumer->Poll(std::chrono::milliseconds(100), 1), "poll");
  }
  for (auto _ : state) {
    OrDie(consumer->Seek({kTopic, 0}, 0), "seek");
    size_t read = 0;
    while (read < kRecords) {
      auto polled = consumer->Poll(std::chrono::milliseconds(1000), 10000);
      if (!polled.ok() || polled->empty()) {
        state.SkipWithError("poll stopped before the end of the log");
        return;
      }
      read += polled->size();
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRecords));
}
BENCHMARK(BM_ConsumerPoll)->Unit(benchmark::kMillisecond);

}  // namespace
