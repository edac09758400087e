// TopicService and sluicectl over the real embedded log: its consumer groups, rebalance listener
// and seeks, rather than the in-memory transport's.
#include <gmock/gmock.h>

#include "grpc_test_support.h"
#include "transport/embedded/embedded_transport.h"

namespace sluice::testing {
namespace {

class EmbeddedTopicsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = embedded::EmbeddedTransport::Open({{"log.dirs", dir_.Path("log")}});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    transport_ = std::move(*opened);
    server_ = std::make_unique<rpc::GrpcServer>(herder_, *transport_, "127.0.0.1:0");
    ASSERT_TRUE(server_->Start().ok());
    address_ = "127.0.0.1:" + std::to_string(server_->port());
    topics_ = v1::TopicService::NewStub(
        grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  }

  // The server holds a producer of the transport: it goes first.
  void TearDown() override { server_.reset(); }

  std::vector<v1::ConsumedRecord> Consume(const v1::ConsumeRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto reader = topics_->Consume(&context, request);
    std::vector<v1::ConsumedRecord> records;
    v1::ConsumedRecord record;
    while (reader->Read(&record)) records.push_back(record);
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return records;
  }

  TempDir dir_;
  FakeHerder herder_;
  std::unique_ptr<embedded::EmbeddedTransport> transport_;
  std::unique_ptr<rpc::GrpcServer> server_;
  std::string address_;
  std::unique_ptr<v1::TopicService::Stub> topics_;
};

TEST_F(EmbeddedTopicsTest, ProducesAndReadsBackKeyedRecords) {
  ASSERT_TRUE(transport_->admin().CreateTopic({"orders", 3, -1, {}}).ok());
  v1::ProduceRequest produce;
  produce.set_topic("orders");
  for (int i = 0; i < 30; ++i) {
    auto* record = produce.add_records();
    record->set_key("customer-" + std::to_string(i % 5));
    record->set_value("order-" + std::to_string(i));
  }
  v1::ProduceResponse produced;
  grpc::ClientContext context;
  ASSERT_TRUE(topics_->Produce(&context, produce, &produced).ok());
  ASSERT_EQ(produced.positions_size(), 30);

  v1::ConsumeRequest all;
  all.set_topic("orders");
  all.set_start(v1::ConsumeRequest::START_BEGINNING);
  const std::vector<v1::ConsumedRecord> records = Consume(all);
  ASSERT_EQ(records.size(), 30u);
  // Each record is where the producer said, and a key always lands in the same partition.
  std::map<std::string, int32_t> partition_of_key;
  for (const auto& record : records) {
    const int index = std::stoi(record.value().substr(6));
    EXPECT_EQ(record.partition(), produced.positions(index).partition());
    EXPECT_EQ(record.offset(), produced.positions(index).offset());
    auto [known, inserted] = partition_of_key.emplace(record.key(), record.partition());
    EXPECT_EQ(known->second, record.partition()) << record.key();
  }

  // From an offset, in one partition, up to a maximum: the seek after assignment holds.
  v1::ConsumeRequest some;
  some.set_topic("orders");
  some.add_partitions(produced.positions(0).partition());
  some.set_start(v1::ConsumeRequest::START_OFFSET);
  some.set_offset(2);
  some.set_max_records(3);
  const std::vector<v1::ConsumedRecord> tail = Consume(some);
  ASSERT_EQ(tail.size(), 3u);
  for (size_t i = 0; i < tail.size(); ++i) {
    EXPECT_EQ(tail[i].partition(), produced.positions(0).partition());
    EXPECT_EQ(tail[i].offset(), static_cast<int64_t>(2 + i));
  }

  // Reading left no committed offsets behind in any group that a connector could use.
  auto connector_group = transport_->admin().ListGroupOffsets("connect-orders");
  ASSERT_TRUE(connector_group.ok());
  EXPECT_TRUE(connector_group->empty());
}

TEST_F(EmbeddedTopicsTest, SluicectlListsProducesAndConsumes) {
  auto run = [&](std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--server", address_});
    return RunSluicectl(args, input);
  };
  CommandResult created = run({"topics", "create", "logs", "--partitions", "2"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(run({"topics", "list"}).out, ::testing::HasSubstr("logs\n"));

  CommandResult produced = run({"topics", "produce", "logs", "--partition", "1"}, "a\nb\nc\n");
  ASSERT_EQ(produced.exit_code, 0) << produced.err;
  EXPECT_EQ(produced.out, "Produced 3 record(s) to topic logs\n");

  CommandResult described = run({"topics", "describe", "logs"});
  EXPECT_THAT(described.out, ::testing::HasSubstr("\n1          0             3  "));

  CommandResult consumed = run({"topics", "consume", "logs", "--from-beginning"});
  ASSERT_EQ(consumed.exit_code, 0) << consumed.err;
  EXPECT_EQ(consumed.out, "a\nb\nc\n");
  EXPECT_EQ(run({"topics", "consume", "logs", "--offset", "2"}).out, "c\n");
}

}  // namespace
}  // namespace sluice::testing
