// Producing and consuming through the Transport interface: partitioning, record contents,
// long polls, back-pressure.
#include <gtest/gtest.h>
#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "transport/embedded/murmur2.h"
#include "transport_support.h"

namespace sluice::embedded::testing {
namespace {

using namespace std::chrono_literals;
using transport::ConsumedRecord;
using transport::DeliveryReport;
using transport::ProducerRecord;

TEST_F(TransportTest, KeyedRecordsLandWhereKafkaPutsThemAndReadBackWhole) {
  auto t = Open();
  ASSERT_TRUE(t->admin().CreateTopic({"orders", 3, -1, {}}).ok());
  auto producer = Producer(*t);
  std::vector<ProducerRecord> records;
  for (int i = 0; i < 30; ++i) {
    ProducerRecord r = Record("orders", WithNumber("customer-", i % 7), WithNumber("order ", i));
    r.timestamp_ms = 1'600'000'000'000 + i;
    r.headers = {{"source", std::string("test")}, {"trace", std::nullopt}};
    records.push_back(std::move(r));
  }
  ProducerRecord tombstone = Record("orders", "customer-1", std::nullopt);
  tombstone.partition = 2;  // an explicit partition wins over the key
  records.push_back(tombstone);

  auto reports = SendAll(*producer, records);
  std::map<int32_t, int64_t> next_offset;
  for (size_t i = 0; i < 30; ++i) {
    ASSERT_TRUE(reports[i].status.ok()) << reports[i].status.ToString();
    EXPECT_EQ(reports[i].partition, PartitionForKey(*records[i].key, 3));
    EXPECT_EQ(reports[i].offset, next_offset[reports[i].partition]++);  // in send order
  }
  EXPECT_EQ(reports[30].partition, 2);

  auto consumer = Consumer(*t, "reader");
  ASSERT_TRUE(consumer->Subscribe({"orders"}).ok());
  auto consumed = Drain(*consumer, 31);
  ASSERT_EQ(consumed.size(), 31u);
  std::map<std::pair<int32_t, int64_t>, const ConsumedRecord*> by_position;
  for (const auto& r : consumed) by_position[{r.partition, r.offset}] = &r;
  for (size_t i = 0; i < 30; ++i) {
    const ConsumedRecord* r = by_position.at({reports[i].partition, reports[i].offset});
    EXPECT_EQ(r->topic, "orders");
    EXPECT_EQ(r->key, records[i].key);
    EXPECT_EQ(r->value, records[i].value);
    EXPECT_EQ(r->timestamp_ms, records[i].timestamp_ms);
    ASSERT_EQ(r->headers.size(), 2u);
    EXPECT_EQ(r->headers[0].value, "test");
    EXPECT_EQ(r->headers[1].value, std::nullopt);
  }
  const ConsumedRecord* t30 = by_position.at({2, reports[30].offset});
  EXPECT_EQ(t30->value, std::nullopt);
  EXPECT_GT(t30->timestamp_ms, 0);  // stamped at send time
}

TEST_F(TransportTest, RecordsWithoutKeysSpreadOverPartitions) {
  auto t = Open({{"num.partitions", "4"}});
  // Small batches: the sticky partition moves on after each one.
  auto producer = Producer(*t, {{"batch.size", "200"}});
  std::vector<ProducerRecord> records;
  for (int i = 0; i < 200; ++i)
    records.push_back(Record("spread", std::nullopt, WithNumber("v", i)));
  std::set<int32_t> used;
  for (const auto& report : SendAll(*producer, records)) {
    ASSERT_TRUE(report.status.ok());
    used.insert(report.partition);
  }
  EXPECT_EQ(used.size(), 4u);
}

// Keyed records between keyless ones go where their key says, and the keyless ones keep sticking
// to their partition (the producer remembers it between records).
TEST_F(TransportTest, KeyedRecordsBetweenKeylessOnesKeepTheirOwnPartitions) {
  auto t = Open({{"num.partitions", "4"}});
  auto producer = Producer(*t, {{"linger.ms", "60000"}});
  std::vector<ProducerRecord> records;
  for (int i = 0; i < 40; ++i) {
    const bool keyed = i % 3 == 1;
    records.push_back(Record("mixed",
                             keyed ? std::optional<std::string>(WithNumber("k", i)) : std::nullopt,
                             WithNumber("v", i)));
  }
  auto reports = SendAll(*producer, records);
  std::set<int32_t> keyless_partitions;
  for (size_t i = 0; i < records.size(); ++i) {
    ASSERT_TRUE(reports[i].status.ok());
    if (records[i].key) {
      EXPECT_EQ(reports[i].partition, PartitionForKey(*records[i].key, 4)) << i;
    } else {
      keyless_partitions.insert(reports[i].partition);
    }
  }
  EXPECT_EQ(keyless_partitions.size(), 1u);
}

TEST_F(TransportTest, SendRejectsWhatCannotBeDeliveredWithoutCallingBack) {
  auto t = Open();
  ASSERT_TRUE(t->admin().CreateTopic({"two", 2, -1, {}}).ok());
  auto producer = Producer(*t, {{"max.request.size", "1000"}});
  bool called = false;
  auto mark = [&](const DeliveryReport&) { called = true; };
  ProducerRecord no_such_partition = Record("two", std::nullopt, "x");
  no_such_partition.partition = 2;
  EXPECT_EQ(producer->Send(no_such_partition, mark).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Send(Record("two", std::nullopt, std::string(2000, 'x')), mark).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(producer->Send(Record("bad topic", std::nullopt, "x"), mark).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(producer->Flush(10s).ok());
  EXPECT_FALSE(called);
}

TEST_F(TransportTest, AFullBufferIsRetriableUntilDeliveriesDrainIt) {
  auto t = Open();
  // A long linger keeps everything queued until Flush.
  auto producer = Producer(*t, {{"buffer.memory", "2000"}, {"linger.ms", "600000"}});
  int delivered = 0;
  Status st;
  int sent = 0;
  while ((st = producer->Send(Record("t", std::nullopt, std::string(100, 'x')),
                              [&](const DeliveryReport& r) { delivered += r.status.ok(); }))
             .ok()) {
    ++sent;
    ASSERT_LT(sent, 1000) << "buffer.memory was never reached";
  }
  EXPECT_EQ(st.code(), StatusCode::kRetriable);
  EXPECT_GT(sent, 5);
  ASSERT_TRUE(producer->Flush(30s).ok());
  EXPECT_EQ(delivered, sent);
  EXPECT_TRUE(producer->Send(Record("t", std::nullopt, "after"), nullptr).ok());
}

TEST_F(TransportTest, ProducerDestructionDeliversWhatWasQueued) {
  auto t = Open();
  int delivered = 0;
  {
    auto producer = Producer(*t, {{"linger.ms", "600000"}});
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(producer
                      ->Send(Record("t", std::nullopt, "v"),
                             [&](const DeliveryReport& r) { delivered += r.status.ok(); })
                      .ok());
    }
  }
  EXPECT_EQ(delivered, 10);
  EXPECT_EQ(t->admin().DescribeTopic("t")->partitions[0].end_offset, 10);
}

TEST_F(TransportTest, ReadsReturnManyRecordsPerPoll) {
  auto t = Open();
  auto producer = Producer(*t);
  std::vector<ProducerRecord> records;
  for (int i = 0; i < 5000; ++i)
    records.push_back(Record("bulk", std::nullopt, WithNumber("v", i)));
  SendAll(*producer, records);
  auto consumer = Consumer(*t, "bulk-reader");
  ASSERT_TRUE(consumer->Subscribe({"bulk"}).ok());
  auto first = consumer->Poll(5s, 2000);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 2000u);
  auto rest = Drain(*consumer, 3000);
  ASSERT_EQ(rest.size(), 3000u);
  EXPECT_EQ(rest.front().offset, 2000);
  EXPECT_EQ(rest.back().value, "v4999");
}

// The returned-early checks below compare against a deadline 20x longer than any wakeup takes;
// they tell "woken" from "ran into its timeout", they do not measure speed.
TEST_F(TransportTest, ALongPollIsWokenByAnAppend) {
  auto t = Open();
  auto producer = Producer(*t);
  auto consumer = Consumer(*t, "waiting");
  ASSERT_TRUE(consumer->Subscribe({"events"}).ok());
  ASSERT_TRUE(consumer->Poll(0ms, 10).ok());  // joins and takes the assignment
  ASSERT_EQ(consumer->Assignment().size(), 1u);

  auto polled = std::async(std::launch::async, [&] {
    const auto start = std::chrono::steady_clock::now();
    auto records = consumer->Poll(20s, 10);
    return std::make_pair(std::move(records), std::chrono::steady_clock::now() - start);
  });
  SendAll(*producer, {Record("events", std::nullopt, "ding")});
  auto [records, waited] = polled.get();
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].value, "ding");
  EXPECT_LT(waited, 10s);
}

TEST_F(TransportTest, WakeupEndsAPollFromAnotherThread) {
  auto t = Open();
  auto consumer = Consumer(*t, "sleepy");
  ASSERT_TRUE(consumer->Subscribe({"quiet"}).ok());
  auto polled = std::async(std::launch::async, [&] {
    const auto start = std::chrono::steady_clock::now();
    auto records = consumer->Poll(20s, 10);
    return std::make_pair(records.ok() && records->empty(),
                          std::chrono::steady_clock::now() - start);
  });
  std::this_thread::sleep_for(50ms);  // most likely inside Poll by now; either way it must end
  consumer->Wakeup();
  auto [empty, waited] = polled.get();
  EXPECT_TRUE(empty);
  EXPECT_LT(waited, 10s);
  // The wakeup was used up: the next poll waits again until its timeout.
  auto next = consumer->Poll(10ms, 10);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->empty());
}

TEST_F(TransportTest, AnIdleConsumerBlockedInPollUsesNoCpu) {
  auto t = Open();
  auto consumer = Consumer(*t, "idle");
  ASSERT_TRUE(consumer->Subscribe({"nothing-here"}).ok());
  ASSERT_TRUE(consumer->Poll(0ms, 10).ok());
  auto cpu = std::async(std::launch::async, [&] {
    auto thread_cpu = [] {
      timespec ts;
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
    };
    const long long before = thread_cpu();
    auto records = consumer->Poll(500ms, 10);
    EXPECT_TRUE(records.ok() && records->empty());
    return (thread_cpu() - before) / 1'000'000;  // ms of CPU
  });
  // Busy waiting would burn about 500 ms of CPU; sleeping burns close to none.
  EXPECT_LT(cpu.get(), 100);
}

}  // namespace
}  // namespace sluice::embedded::testing
