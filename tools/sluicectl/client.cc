#include "client.h"

namespace sluicectl {
namespace {

// How long to wait for the connection before giving up with kExitCannotConnect.
constexpr std::chrono::seconds kConnectTimeout(5);

const char* StateName(grpc_connectivity_state state) {
  switch (state) {
    case GRPC_CHANNEL_IDLE:
      return "idle";
    case GRPC_CHANNEL_CONNECTING:
      return "still connecting";
    case GRPC_CHANNEL_READY:
      return "ready";
    case GRPC_CHANNEL_TRANSIENT_FAILURE:
      return "connection failed";
    case GRPC_CHANNEL_SHUTDOWN:
      return "channel shut down";
  }
  return "unknown state";
}

}  // namespace

ConnectorStub& Client::connectors() {
  Connect();
  return *connectors_;
}

TopicStub& Client::topics() {
  Connect();
  return *topics_;
}

void Client::Connect() {
  if (channel_) return;
  auto channel = grpc::CreateChannel(server_, grpc::InsecureChannelCredentials());
  const auto deadline = std::chrono::system_clock::now() + kConnectTimeout;
  // Fails as soon as the first attempt does (connection refused, unknown host), rather than
  // retrying with backoff until the deadline.
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    const bool failed = state == GRPC_CHANNEL_TRANSIENT_FAILURE || state == GRPC_CHANNEL_SHUTDOWN;
    if (failed || !channel->WaitForStateChange(state, deadline)) {
      throw CommandFailure(kExitCannotConnect, "cannot connect to the Sluice worker at " + server_ +
                                                   " (" + StateName(state) + ")");
    }
    state = channel->GetState(/*try_to_connect=*/true);
  }
  channel_ = std::move(channel);
  connectors_ = sluice::v1::ConnectorService::NewStub(channel_);
  topics_ = sluice::v1::TopicService::NewStub(channel_);
}

void CheckCall(const grpc::Status& status) {
  if (status.ok()) return;
  std::string message = status.error_message();
  if (message.empty())
    message =
        "the call failed with gRPC code " + std::to_string(static_cast<int>(status.error_code()));
  throw CommandFailure(kExitServerError, message);
}

}  // namespace sluicectl
