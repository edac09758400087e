// sluice.v1.TopicService through a real gRPC stub, over the in-memory transport.
#include <algorithm>
#include <thread>

#include "grpc_test_support.h"

namespace sluice::testing {
namespace {

using ::grpc::StatusCode;

class GrpcTopicServiceTest : public GrpcServerTest {
 protected:
  void CreateTopic(const std::string& name, int partitions) {
    ASSERT_TRUE(transport_.admin().CreateTopic({name, partitions, -1, {}}).ok());
  }

  // Runs a Consume call to its end.
  grpc::Status Consume(const v1::ConsumeRequest& request, std::vector<v1::ConsumedRecord>* out) {
    auto context = Context();
    auto reader = topics_->Consume(context.get(), request);
    v1::ConsumedRecord record;
    while (reader->Read(&record)) out->push_back(record);
    return reader->Finish();
  }

  std::vector<std::string> Values(const std::vector<v1::ConsumedRecord>& records) {
    std::vector<std::string> values;
    for (const auto& record : records) values.push_back(record.value());
    return values;
  }

  static v1::ConsumeRequest FromBeginning(const std::string& topic) {
    v1::ConsumeRequest request;
    request.set_topic(topic);
    request.set_start(v1::ConsumeRequest::START_BEGINNING);
    return request;
  }
};

TEST_F(GrpcTopicServiceTest, CreateListDescribeAndDeleteTopics) {
  v1::CreateTopicRequest create;
  create.set_name("orders");
  create.set_partitions(3);
  v1::CreateTopicResponse created;
  ASSERT_TRUE(topics_->CreateTopic(Context().get(), create, &created).ok());
  create.set_name("audit");
  create.set_partitions(0);  // one partition
  ASSERT_TRUE(topics_->CreateTopic(Context().get(), create, &created).ok());

  v1::ListTopicsResponse list;
  ASSERT_TRUE(topics_->ListTopics(Context().get(), {}, &list).ok());
  ASSERT_EQ(list.topics_size(), 2);
  EXPECT_EQ(list.topics(0), "audit");
  EXPECT_EQ(list.topics(1), "orders");

  transport_.Append("orders", 2, std::nullopt, std::string("hello"));
  v1::DescribeTopicRequest describe;
  describe.set_name("orders");
  v1::TopicDescription description;
  ASSERT_TRUE(topics_->DescribeTopic(Context().get(), describe, &description).ok());
  EXPECT_EQ(description.name(), "orders");
  ASSERT_EQ(description.partitions_size(), 3);
  EXPECT_EQ(description.partitions(2).partition(), 2);
  EXPECT_EQ(description.partitions(2).start_offset(), 0);
  EXPECT_EQ(description.partitions(2).end_offset(), 1);
  EXPECT_EQ(description.partitions(2).size_bytes(), 5);
  describe.set_name("audit");
  ASSERT_TRUE(topics_->DescribeTopic(Context().get(), describe, &description).ok());
  EXPECT_EQ(description.partitions_size(), 1);

  v1::DeleteTopicRequest remove;
  remove.set_name("orders");
  v1::DeleteTopicResponse removed;
  ASSERT_TRUE(topics_->DeleteTopic(Context().get(), remove, &removed).ok());
  EXPECT_EQ(topics_->DeleteTopic(Context().get(), remove, &removed).error_code(),
            StatusCode::NOT_FOUND);
  describe.set_name("orders");
  EXPECT_EQ(topics_->DescribeTopic(Context().get(), describe, &description).error_code(),
            StatusCode::NOT_FOUND);
}

TEST_F(GrpcTopicServiceTest, CreateTopicErrors) {
  v1::CreateTopicRequest create;
  create.set_name("orders");
  v1::CreateTopicResponse created;
  ASSERT_TRUE(topics_->CreateTopic(Context().get(), create, &created).ok());
  grpc::Status twice = topics_->CreateTopic(Context().get(), create, &created);
  EXPECT_EQ(twice.error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(twice.error_message(), "Topic 'orders' already exists.");

  create.set_name("negative");
  create.set_partitions(-2);
  EXPECT_EQ(topics_->CreateTopic(Context().get(), create, &created).error_code(),
            StatusCode::INVALID_ARGUMENT);
  create.set_partitions(1);
  create.set_replication_factor(70000);
  EXPECT_EQ(topics_->CreateTopic(Context().get(), create, &created).error_code(),
            StatusCode::INVALID_ARGUMENT);
  create.set_name("");
  create.set_replication_factor(0);
  EXPECT_EQ(topics_->CreateTopic(Context().get(), create, &created).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcTopicServiceTest, ProduceReturnsPositionsAndKeepsNullsAndHeaders) {
  CreateTopic("events", 2);
  v1::ProduceRequest request;
  request.set_topic("events");
  auto* first = request.add_records();
  first->set_partition(1);
  first->set_key("k1");
  first->set_value("one");
  auto* header = first->add_headers();
  header->set_key("trace");
  header->set_value("abc");
  first->add_headers()->set_key("null-header");
  auto* tombstone = request.add_records();
  tombstone->set_partition(1);
  tombstone->set_key("k1");
  tombstone->set_timestamp_ms(1234);

  v1::ProduceResponse response;
  ASSERT_TRUE(topics_->Produce(Context().get(), request, &response).ok());
  ASSERT_EQ(response.positions_size(), 2);
  EXPECT_EQ(response.positions(0).partition(), 1);
  EXPECT_EQ(response.positions(0).offset(), 0);
  EXPECT_EQ(response.positions(1).offset(), 1);

  std::vector<v1::ConsumedRecord> records;
  ASSERT_TRUE(Consume(FromBeginning("events"), &records).ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].topic(), "events");
  EXPECT_EQ(records[0].partition(), 1);
  EXPECT_EQ(records[0].key(), "k1");
  EXPECT_EQ(records[0].value(), "one");
  ASSERT_EQ(records[0].headers_size(), 2);
  EXPECT_EQ(records[0].headers(0).value(), "abc");
  EXPECT_FALSE(records[0].headers(1).has_value());
  EXPECT_TRUE(records[1].has_key());
  EXPECT_FALSE(records[1].has_value());
  EXPECT_EQ(records[1].timestamp_ms(), 1234);
}

TEST_F(GrpcTopicServiceTest, ProduceErrors) {
  CreateTopic("events", 1);
  v1::ProduceRequest request;
  request.set_topic("events");
  v1::ProduceResponse response;
  EXPECT_EQ(topics_->Produce(Context().get(), request, &response).error_code(),
            StatusCode::INVALID_ARGUMENT);

  request.add_records()->set_value("x");
  request.set_topic("missing");
  grpc::Status missing = topics_->Produce(Context().get(), request, &response);
  EXPECT_EQ(missing.error_code(), StatusCode::NOT_FOUND);
  EXPECT_NE(missing.error_message().find("record 1 of 1 to topic missing"), std::string::npos);

  request.set_topic("events");
  request.mutable_records(0)->set_partition(-4);
  EXPECT_EQ(topics_->Produce(Context().get(), request, &response).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcTopicServiceTest, ConsumeStopsAtTheEndOffsetsUnlessFollowing) {
  CreateTopic("events", 2);
  for (int i = 0; i < 3; ++i)
    transport_.Append("events", 0, std::nullopt, "p0-" + std::to_string(i));
  for (int i = 0; i < 2; ++i)
    transport_.Append("events", 1, std::nullopt, "p1-" + std::to_string(i));

  std::vector<v1::ConsumedRecord> all;
  ASSERT_TRUE(Consume(FromBeginning("events"), &all).ok());
  std::vector<std::string> values = Values(all);
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"p0-0", "p0-1", "p0-2", "p1-0", "p1-1"}));

  // The default start is the end: nothing written before the call.
  v1::ConsumeRequest from_end;
  from_end.set_topic("events");
  std::vector<v1::ConsumedRecord> none;
  ASSERT_TRUE(Consume(from_end, &none).ok());
  EXPECT_TRUE(none.empty());
}

TEST_F(GrpcTopicServiceTest, ConsumeFromAnOffsetInChosenPartitionsUpToAMaximum) {
  CreateTopic("events", 2);
  for (int i = 0; i < 5; ++i)
    transport_.Append("events", 0, std::nullopt, "p0-" + std::to_string(i));
  transport_.Append("events", 1, std::nullopt, "p1-0");

  v1::ConsumeRequest request;
  request.set_topic("events");
  request.add_partitions(0);
  request.set_start(v1::ConsumeRequest::START_OFFSET);
  request.set_offset(2);
  std::vector<v1::ConsumedRecord> records;
  ASSERT_TRUE(Consume(request, &records).ok());
  EXPECT_EQ(Values(records), (std::vector<std::string>{"p0-2", "p0-3", "p0-4"}));
  EXPECT_EQ(records[0].offset(), 2);

  request.set_max_records(2);
  records.clear();
  ASSERT_TRUE(Consume(request, &records).ok());
  EXPECT_EQ(Values(records), (std::vector<std::string>{"p0-2", "p0-3"}));
}

TEST_F(GrpcTopicServiceTest, ConsumeUsesAThrowawayGroupAndNeverCommits) {
  CreateTopic("events", 1);
  transport_.Append("events", 0, std::nullopt, std::string("x"));
  std::vector<v1::ConsumedRecord> records;
  ASSERT_TRUE(Consume(FromBeginning("events"), &records).ok());
  ASSERT_TRUE(Consume(FromBeginning("events"), &records).ok());
  EXPECT_EQ(records.size(), 2u);

  const std::vector<std::string> groups = transport_.consumer_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].rfind("sluicectl-", 0), 0u) << groups[0];
  EXPECT_NE(groups[0], groups[1]);
  EXPECT_EQ(transport_.commits(), 0);
}

TEST_F(GrpcTopicServiceTest, ConsumeErrors) {
  CreateTopic("events", 2);
  std::vector<v1::ConsumedRecord> records;

  grpc::Status missing = Consume(FromBeginning("missing"), &records);
  EXPECT_EQ(missing.error_code(), StatusCode::NOT_FOUND);

  v1::ConsumeRequest bad_partition = FromBeginning("events");
  bad_partition.add_partitions(5);
  grpc::Status no_partition = Consume(bad_partition, &records);
  EXPECT_EQ(no_partition.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(no_partition.error_message(), "Topic events has no partition 5 (it has 2)");

  v1::ConsumeRequest negative = FromBeginning("events");
  negative.set_start(v1::ConsumeRequest::START_OFFSET);
  negative.set_offset(-1);
  EXPECT_EQ(Consume(negative, &records).error_code(), StatusCode::INVALID_ARGUMENT);

  EXPECT_EQ(Consume(FromBeginning(""), &records).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(records.empty());
}

TEST_F(GrpcTopicServiceTest, FollowingDeliversNewRecordsUntilCancelled) {
  CreateTopic("events", 1);
  transport_.Append("events", 0, std::nullopt, std::string("old"));

  v1::ConsumeRequest request;
  request.set_topic("events");
  request.set_start(v1::ConsumeRequest::START_OFFSET);
  request.set_offset(1);  // after "old", whenever the writer below gets to run
  request.set_follow(true);
  auto context = Context();
  auto reader = topics_->Consume(context.get(), request);

  std::thread writer([this] {
    for (const char* value : {"new-1", "new-2"}) {
      transport_.Append("events", 0, std::nullopt, std::string(value));
    }
  });
  v1::ConsumedRecord record;
  std::vector<std::string> values;
  while (values.size() < 2 && reader->Read(&record)) values.push_back(record.value());
  writer.join();
  EXPECT_EQ(values, (std::vector<std::string>{"new-1", "new-2"}));

  context->TryCancel();
  while (reader->Read(&record)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), StatusCode::CANCELLED);
}

TEST_F(GrpcTopicServiceTest, StoppingTheServerEndsAFollowingRead) {
  CreateTopic("events", 1);
  v1::ConsumeRequest request = FromBeginning("events");
  request.set_follow(true);
  auto context = Context();
  auto reader = topics_->Consume(context.get(), request);
  transport_.Append("events", 0, std::nullopt, std::string("first"));
  v1::ConsumedRecord record;
  ASSERT_TRUE(reader->Read(&record));  // the read is under way
  EXPECT_EQ(record.value(), "first");

  server_->Stop();
  while (reader->Read(&record)) {
  }
  grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), StatusCode::UNAVAILABLE);
  EXPECT_EQ(ended.error_message(), "The server is shutting down");
}

}  // namespace
}  // namespace sluice::testing
