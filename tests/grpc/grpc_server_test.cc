// GrpcServer itself: listening, refusing a taken port, reflection and the health service.
#include <grpcpp/generic/generic_stub.h>

#include "grpc_test_support.h"

namespace sluice::testing {
namespace {

struct RawReply {
  grpc::Status status;
  std::string bytes;
};

// One message out, one back, to a method for which Debian ships no client stub (server
// reflection, the health service): the request is given as serialized protobuf bytes.
RawReply RawCall(const std::string& address, const std::string& method,
                 const std::string& request) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto call = stub.PrepareCall(&context, method, &queue);

  // Each step completes on the queue before the next starts.
  auto step = [&queue](int expected_tag) {
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(queue.Next(&tag, &ok));
    EXPECT_EQ(tag, reinterpret_cast<void*>(expected_tag));
    return ok;
  };
  RawReply reply;
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1), in;
  call->StartCall(reinterpret_cast<void*>(1));
  step(1);
  call->Write(out, reinterpret_cast<void*>(2));
  step(2);
  call->WritesDone(reinterpret_cast<void*>(3));
  step(3);
  call->Read(&in, reinterpret_cast<void*>(4));
  if (step(4)) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(in.Dump(&slices).ok());
    for (const auto& s : slices)
      reply.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  call->Finish(&reply.status, reinterpret_cast<void*>(5));
  step(5);
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
  return reply;
}

using GrpcServerLifecycleTest = GrpcServerTest;

TEST_F(GrpcServerLifecycleTest, ReflectionListsTheServices) {
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, empty.
  RawReply reply =
      RawCall(address(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
              std::string("\x3a\x00", 2));
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_NE(reply.bytes.find("sluice.v1.ConnectorService"), std::string::npos);
  EXPECT_NE(reply.bytes.find("sluice.v1.TopicService"), std::string::npos);
}

TEST_F(GrpcServerLifecycleTest, HealthServiceSaysServing) {
  // HealthCheckRequest{service: ""} is empty; HealthCheckResponse{status: SERVING} is 08 01.
  RawReply reply = RawCall(address(), "/grpc.health.v1.Health/Check", "");
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  EXPECT_EQ(reply.bytes, std::string("\x08\x01", 2));
}

TEST_F(GrpcServerLifecycleTest, ATakenPortIsRefused) {
  rpc::GrpcServer second(herder_, transport_, address());
  const Status refused = second.Start();
  EXPECT_EQ(refused.code(), StatusCode::kIoError);
  EXPECT_NE(refused.message().find(address()), std::string::npos);
  EXPECT_EQ(second.port(), 0);
}

TEST_F(GrpcServerLifecycleTest, StartsOnceAndStopsIdempotently) {
  EXPECT_EQ(server_->Start().code(), StatusCode::kFailedPrecondition);
  server_->Stop();
  server_->Stop();
  v1::WorkerInfo info;
  EXPECT_EQ(connectors_->GetWorkerInfo(Context().get(), {}, &info).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(GrpcServerAddressTest, AnAddressOfAnotherHostIsRefused) {
  FakeHerder herder;
  FakeTransport transport;
  // TEST-NET-1 (RFC 5737): never an address of this machine.
  rpc::GrpcServer server(herder, transport, "192.0.2.1:0");
  EXPECT_EQ(server.Start().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace sluice::testing
