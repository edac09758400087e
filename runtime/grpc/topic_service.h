// sluice.v1.TopicService: the worker's topics through its transport (the embedded log or Kafka).
#pragma once

#include <atomic>

#include "grpc/batch_producer.h"
#include "sluice/v1/sluice.grpc.pb.h"
#include "transport/transport.h"

namespace sluice::rpc {

class TopicService final : public v1::TopicService::Service {
 public:
  // `stopping` turns true when the server shuts down, which ends the reads that follow a topic.
  TopicService(transport::Transport& transport, const std::atomic<bool>& stopping)
      : transport_(transport), stopping_(stopping), producer_(transport) {}

  using Context = ::grpc::ServerContext;

  ::grpc::Status ListTopics(Context*, const v1::ListTopicsRequest*,
                            v1::ListTopicsResponse*) override;
  ::grpc::Status DescribeTopic(Context*, const v1::DescribeTopicRequest*,
                               v1::TopicDescription*) override;
  ::grpc::Status CreateTopic(Context*, const v1::CreateTopicRequest*,
                             v1::CreateTopicResponse*) override;
  ::grpc::Status DeleteTopic(Context*, const v1::DeleteTopicRequest*,
                             v1::DeleteTopicResponse*) override;
  ::grpc::Status Produce(Context*, const v1::ProduceRequest*, v1::ProduceResponse*) override;
  ::grpc::Status Consume(Context*, const v1::ConsumeRequest*,
                         ::grpc::ServerWriter<v1::ConsumedRecord>*) override;

 private:
  transport::Transport& transport_;
  const std::atomic<bool>& stopping_;
  BatchProducer producer_;
};

}  // namespace sluice::rpc
