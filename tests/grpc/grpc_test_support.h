// What the gRPC tests share: a GrpcServer on an ephemeral port over a FakeHerder and a
// FakeTransport, stubs connected to it, and a way to run sluicectl against it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "fake_herder.h"
#include "fake_transport.h"
#include "grpc/grpc_server.h"
#include "sluice/v1/sluice.grpc.pb.h"

namespace sluice::testing {

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  // A context whose call fails rather than hang if the server misbehaves.
  static std::unique_ptr<grpc::ClientContext> Context();
  // Creates a connector through the Herder directly.
  void AddConnector(const std::string& name, const std::string& connector_class, int tasks = 1);

  FakeHerder herder_;
  FakeTransport transport_;
  std::unique_ptr<rpc::GrpcServer> server_;
  std::unique_ptr<v1::ConnectorService::Stub> connectors_;
  std::unique_ptr<v1::TopicService::Stub> topics_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs build/bin/sluicectl with `args` and `input` on its standard input, with SLUICE_SERVER set
// to `server_env` (unset when empty), and waits for it.
CommandResult RunSluicectl(const std::vector<std::string>& args, const std::string& input = "",
                           const std::string& server_env = "");

// A fresh directory under the test's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The path of `name` in the directory, after writing `text` to it.
  std::string Write(const std::string& name, const std::string& text) const;
  std::string Path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace sluice::testing
