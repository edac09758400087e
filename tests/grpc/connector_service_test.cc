// sluice.v1.ConnectorService through a real gRPC stub: each RPC's answer and error codes.
#include <google/protobuf/util/json_util.h>

#include "grpc_test_support.h"

namespace sluice::testing {
namespace {

using ::grpc::StatusCode;

class GrpcConnectorServiceTest : public GrpcServerTest {
 protected:
  v1::CreateConnectorRequest SourceRequest(const std::string& name) {
    v1::CreateConnectorRequest request;
    request.set_name(name);
    auto& config = *request.mutable_config();
    config["connector.class"] = FakeHerder::kSourceClass;
    config["tasks.max"] = "2";
    config["file"] = "/tmp/in.txt";
    config["topic"] = "events";
    return request;
  }

  v1::ConnectorStatus StatusOf(const std::string& name) {
    v1::GetConnectorStatusRequest request;
    request.set_name(name);
    v1::ConnectorStatus status;
    EXPECT_TRUE(connectors_->GetConnectorStatus(Context().get(), request, &status).ok());
    return status;
  }
};

#define EXPECT_CODE(call, code) EXPECT_EQ((call).error_code(), code)

worker::OffsetEntry Entry(nlohmann::json partition, nlohmann::json offset) {
  return {std::move(partition), std::move(offset)};
}

TEST_F(GrpcConnectorServiceTest, WorkerInfoAndHealth) {
  v1::WorkerInfo info;
  ASSERT_TRUE(connectors_->GetWorkerInfo(Context().get(), {}, &info).ok());
  EXPECT_EQ(info.version(), "0.1.0-test");
  EXPECT_EQ(info.commit(), "0123456789ab");
  EXPECT_EQ(info.kafka_cluster_id(), "fake-cluster");

  v1::Health health;
  ASSERT_TRUE(connectors_->GetHealth(Context().get(), {}, &health).ok());
  EXPECT_EQ(health.status(), "healthy");
}

TEST_F(GrpcConnectorServiceTest, CreateConnectorAddsTheNameAndReturnsItsInfo) {
  v1::ConnectorInfo info;
  auto request = SourceRequest("  file-source ");  // trimmed, as Kafka Connect does
  ASSERT_TRUE(connectors_->CreateConnector(Context().get(), request, &info).ok());
  EXPECT_EQ(info.name(), "file-source");
  EXPECT_EQ(info.config().at("name"), "file-source");
  EXPECT_EQ(info.type(), v1::CONNECTOR_TYPE_SOURCE);
  ASSERT_EQ(info.tasks_size(), 2);
  EXPECT_EQ(info.tasks(1).connector(), "file-source");
  EXPECT_EQ(info.tasks(1).task(), 1);
  EXPECT_EQ(herder_.last_initial_state(), std::nullopt);
}

TEST_F(GrpcConnectorServiceTest, CreateConnectorPassesTheInitialState) {
  auto request = SourceRequest("paused-source");
  request.set_initial_state(v1::INITIAL_STATE_PAUSED);
  v1::ConnectorInfo info;
  ASSERT_TRUE(connectors_->CreateConnector(Context().get(), request, &info).ok());
  EXPECT_EQ(herder_.last_initial_state(), worker::TargetState::kPaused);
  EXPECT_EQ(StatusOf("paused-source").connector().state(), v1::STATE_PAUSED);

  request.set_name("unknown-state");
  request.set_initial_state(static_cast<v1::InitialState>(42));
  grpc::Status status = connectors_->CreateConnector(Context().get(), request, &info);
  EXPECT_CODE(status, StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("RUNNING, PAUSED or STOPPED"), std::string::npos);
}

TEST_F(GrpcConnectorServiceTest, CreateConnectorErrors) {
  v1::ConnectorInfo info;
  ASSERT_TRUE(connectors_->CreateConnector(Context().get(), SourceRequest("a"), &info).ok());

  grpc::Status twice = connectors_->CreateConnector(Context().get(), SourceRequest("a"), &info);
  EXPECT_CODE(twice, StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(twice.error_message(), "Connector a already exists");

  auto invalid = SourceRequest("b");
  invalid.mutable_config()->erase("topic");
  grpc::Status refused = connectors_->CreateConnector(Context().get(), invalid, &info);
  EXPECT_CODE(refused, StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("Missing required configuration \"topic\""),
            std::string::npos);

  auto mismatch = SourceRequest("c");
  (*mismatch.mutable_config())["name"] = "d";
  grpc::Status mismatched = connectors_->CreateConnector(Context().get(), mismatch, &info);
  EXPECT_CODE(mismatched, StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(mismatched.error_message().find("(d) doesn't match connector name"), std::string::npos);

  for (const std::string& bad : std::vector<std::string>{"", "   ", "a/b", "..", "tab\there"}) {
    EXPECT_CODE(connectors_->CreateConnector(Context().get(), SourceRequest(bad), &info),
                StatusCode::INVALID_ARGUMENT)
        << "name '" << bad << "'";
  }
}

TEST_F(GrpcConnectorServiceTest, ListConnectorsSortsAndExpands) {
  AddConnector("zeta", FakeHerder::kSinkClass);
  AddConnector("alpha", FakeHerder::kSourceClass);

  v1::ListConnectorsResponse plain;
  ASSERT_TRUE(connectors_->ListConnectors(Context().get(), {}, &plain).ok());
  ASSERT_EQ(plain.connectors_size(), 2);
  EXPECT_EQ(plain.connectors(0).name(), "alpha");
  EXPECT_EQ(plain.connectors(1).name(), "zeta");
  EXPECT_FALSE(plain.connectors(0).has_status());
  EXPECT_FALSE(plain.connectors(0).has_info());

  v1::ListConnectorsRequest request;
  request.set_expand_status(true);
  request.set_expand_info(true);
  v1::ListConnectorsResponse expanded;
  ASSERT_TRUE(connectors_->ListConnectors(Context().get(), request, &expanded).ok());
  ASSERT_EQ(expanded.connectors_size(), 2);
  EXPECT_EQ(expanded.connectors(1).status().type(), v1::CONNECTOR_TYPE_SINK);
  EXPECT_EQ(expanded.connectors(1).status().connector().state(), v1::STATE_RUNNING);
  EXPECT_EQ(expanded.connectors(1).info().config().at("topics"), "events");
}

TEST_F(GrpcConnectorServiceTest, GetConnectorAndItsConfig) {
  AddConnector("src", FakeHerder::kSourceClass, 3);
  v1::GetConnectorRequest request;
  request.set_name("src");
  v1::ConnectorInfo info;
  ASSERT_TRUE(connectors_->GetConnector(Context().get(), request, &info).ok());
  EXPECT_EQ(info.tasks_size(), 3);
  EXPECT_EQ(info.config().at("file"), "/tmp/src.txt");

  v1::GetConnectorConfigRequest config_request;
  config_request.set_name("src");
  v1::ConnectorConfig config;
  ASSERT_TRUE(connectors_->GetConnectorConfig(Context().get(), config_request, &config).ok());
  EXPECT_EQ(config.config().at("tasks.max"), "3");

  request.set_name("missing");
  grpc::Status missing = connectors_->GetConnector(Context().get(), request, &info);
  EXPECT_CODE(missing, StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_message(), "Connector missing not found");
  config_request.set_name("missing");
  EXPECT_CODE(connectors_->GetConnectorConfig(Context().get(), config_request, &config),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, PutConnectorConfigCreatesThenReplaces) {
  v1::PutConnectorConfigRequest request;
  request.set_name("sink");
  auto& config = *request.mutable_config();
  config["connector.class"] = FakeHerder::kSinkClass;
  config["file"] = "/tmp/out.txt";
  config["topics"] = "a";

  v1::PutConnectorConfigResponse response;
  ASSERT_TRUE(connectors_->PutConnectorConfig(Context().get(), request, &response).ok());
  EXPECT_TRUE(response.created());
  EXPECT_EQ(response.info().config().at("name"), "sink");

  config["topics"] = "a,b";
  ASSERT_TRUE(connectors_->PutConnectorConfig(Context().get(), request, &response).ok());
  EXPECT_FALSE(response.created());
  EXPECT_EQ(response.info().config().at("topics"), "a,b");

  config["name"] = "other";
  EXPECT_CODE(connectors_->PutConnectorConfig(Context().get(), request, &response),
              StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcConnectorServiceTest, PatchConnectorConfigSetsAndDeletesKeys) {
  AddConnector("src", FakeHerder::kSourceClass);
  v1::PatchConnectorConfigRequest request;
  request.set_name("src");
  auto* set = request.add_patches();
  set->set_key("batch.size");
  set->set_value("100");
  request.add_patches()->set_key("file");  // no value: delete

  v1::ConnectorInfo info;
  ASSERT_TRUE(connectors_->PatchConnectorConfig(Context().get(), request, &info).ok());
  EXPECT_EQ(info.config().at("batch.size"), "100");
  EXPECT_EQ(info.config().count("file"), 0u);

  v1::PatchConnectorConfigRequest twice;
  twice.set_name("src");
  twice.add_patches()->set_key("a");
  twice.add_patches()->set_key("a");
  EXPECT_CODE(connectors_->PatchConnectorConfig(Context().get(), twice, &info),
              StatusCode::INVALID_ARGUMENT);

  v1::PatchConnectorConfigRequest remove_name;
  remove_name.set_name("src");
  remove_name.add_patches()->set_key("name");
  grpc::Status removed = connectors_->PatchConnectorConfig(Context().get(), remove_name, &info);
  EXPECT_CODE(removed, StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(removed.error_message(), "The name config of connector src cannot be removed");

  request.set_name("missing");
  EXPECT_CODE(connectors_->PatchConnectorConfig(Context().get(), request, &info),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, DeleteConnector) {
  AddConnector("src", FakeHerder::kSourceClass);
  v1::DeleteConnectorRequest request;
  request.set_name("src");
  v1::DeleteConnectorResponse response;
  ASSERT_TRUE(connectors_->DeleteConnector(Context().get(), request, &response).ok());
  EXPECT_TRUE(herder_.ListConnectors().empty());
  EXPECT_CODE(connectors_->DeleteConnector(Context().get(), request, &response),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, StatusOfConnectorAndTasks) {
  AddConnector("src", FakeHerder::kSourceClass, 2);
  herder_.FailTask("src", 1, "java.lang.RuntimeException: boom");

  v1::ConnectorStatus status = StatusOf("src");
  EXPECT_EQ(status.name(), "src");
  EXPECT_EQ(status.type(), v1::CONNECTOR_TYPE_SOURCE);
  EXPECT_EQ(status.connector().state(), v1::STATE_RUNNING);
  EXPECT_EQ(status.connector().worker_id(), "127.0.0.1:8083");
  ASSERT_EQ(status.tasks_size(), 2);
  EXPECT_EQ(status.tasks(0).state(), v1::STATE_RUNNING);
  EXPECT_EQ(status.tasks(0).trace(), "");
  EXPECT_EQ(status.tasks(1).state(), v1::STATE_FAILED);
  EXPECT_EQ(status.tasks(1).trace(), "java.lang.RuntimeException: boom");

  v1::GetTaskStatusRequest task_request;
  task_request.set_name("src");
  task_request.set_task(1);
  v1::TaskStatus task;
  ASSERT_TRUE(connectors_->GetTaskStatus(Context().get(), task_request, &task).ok());
  EXPECT_EQ(task.id(), 1);
  EXPECT_EQ(task.state(), v1::STATE_FAILED);

  task_request.set_task(7);
  grpc::Status unknown = connectors_->GetTaskStatus(Context().get(), task_request, &task);
  EXPECT_CODE(unknown, StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_message(), "No status found for task src-7");
  task_request.set_task(-1);
  EXPECT_CODE(connectors_->GetTaskStatus(Context().get(), task_request, &task),
              StatusCode::INVALID_ARGUMENT);

  v1::GetConnectorStatusRequest missing;
  missing.set_name("missing");
  EXPECT_CODE(connectors_->GetConnectorStatus(Context().get(), missing, &status),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, ListTasksWithTheirConfigs) {
  AddConnector("src", FakeHerder::kSourceClass, 2);
  v1::ListTasksRequest request;
  request.set_name("src");
  v1::ListTasksResponse response;
  ASSERT_TRUE(connectors_->ListTasks(Context().get(), request, &response).ok());
  ASSERT_EQ(response.tasks_size(), 2);
  EXPECT_EQ(response.tasks(1).id().connector(), "src");
  EXPECT_EQ(response.tasks(1).id().task(), 1);
  EXPECT_EQ(response.tasks(1).config().at("task.id"), "1");

  request.set_name("missing");
  EXPECT_CODE(connectors_->ListTasks(Context().get(), request, &response), StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, PauseResumeAndStop) {
  AddConnector("src", FakeHerder::kSourceClass);
  v1::PauseConnectorRequest pause;
  pause.set_name("src");
  v1::PauseConnectorResponse paused;
  ASSERT_TRUE(connectors_->PauseConnector(Context().get(), pause, &paused).ok());
  EXPECT_EQ(StatusOf("src").connector().state(), v1::STATE_PAUSED);

  v1::StopConnectorRequest stop;
  stop.set_name("src");
  v1::StopConnectorResponse stopped;
  ASSERT_TRUE(connectors_->StopConnector(Context().get(), stop, &stopped).ok());
  EXPECT_EQ(StatusOf("src").connector().state(), v1::STATE_STOPPED);
  EXPECT_EQ(StatusOf("src").tasks_size(), 0);

  v1::ResumeConnectorRequest resume;
  resume.set_name("src");
  v1::ResumeConnectorResponse resumed;
  ASSERT_TRUE(connectors_->ResumeConnector(Context().get(), resume, &resumed).ok());
  EXPECT_EQ(StatusOf("src").connector().state(), v1::STATE_RUNNING);

  pause.set_name("missing");
  stop.set_name("missing");
  resume.set_name("missing");
  EXPECT_CODE(connectors_->PauseConnector(Context().get(), pause, &paused), StatusCode::NOT_FOUND);
  EXPECT_CODE(connectors_->StopConnector(Context().get(), stop, &stopped), StatusCode::NOT_FOUND);
  EXPECT_CODE(connectors_->ResumeConnector(Context().get(), resume, &resumed),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, RestartConnectorReturnsAStatusOnlyWhenTasksAreIncluded) {
  AddConnector("src", FakeHerder::kSourceClass, 2);
  herder_.FailTask("src", 0, "boom");

  v1::RestartConnectorRequest request;
  request.set_name("src");
  v1::RestartConnectorResponse response;
  ASSERT_TRUE(connectors_->RestartConnector(Context().get(), request, &response).ok());
  EXPECT_FALSE(response.has_status());

  request.set_include_tasks(true);
  request.set_only_failed(true);
  ASSERT_TRUE(connectors_->RestartConnector(Context().get(), request, &response).ok());
  ASSERT_TRUE(response.has_status());
  EXPECT_EQ(response.status().connector().state(), v1::STATE_RUNNING);
  EXPECT_EQ(response.status().tasks(0).state(), v1::STATE_RESTARTING);
  EXPECT_EQ(response.status().tasks(1).state(), v1::STATE_RUNNING);

  request.set_name("missing");
  EXPECT_CODE(connectors_->RestartConnector(Context().get(), request, &response),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, RestartTask) {
  AddConnector("src", FakeHerder::kSourceClass);
  herder_.FailTask("src", 0, "boom");
  v1::RestartTaskRequest request;
  request.set_name("src");
  request.set_task(0);
  v1::RestartTaskResponse response;
  ASSERT_TRUE(connectors_->RestartTask(Context().get(), request, &response).ok());
  EXPECT_EQ(StatusOf("src").tasks(0).state(), v1::STATE_RUNNING);

  request.set_task(3);
  EXPECT_CODE(connectors_->RestartTask(Context().get(), request, &response), StatusCode::NOT_FOUND);
  request.set_task(-3);
  EXPECT_CODE(connectors_->RestartTask(Context().get(), request, &response),
              StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcConnectorServiceTest, GetOffsetsCarriesConnectorDefinedJson) {
  AddConnector("src", FakeHerder::kSourceClass);
  herder_.SetOffsets("src", {Entry({{"filename", "a.txt"}}, {{"position", 30}}),
                             Entry({{"filename", "b.txt"}}, nullptr)});
  v1::GetOffsetsRequest request;
  request.set_name("src");
  v1::ConnectorOffsets offsets;
  ASSERT_TRUE(connectors_->GetOffsets(Context().get(), request, &offsets).ok());
  ASSERT_EQ(offsets.offsets_size(), 2);
  EXPECT_EQ(offsets.offsets(0).partition().fields().at("filename").string_value(), "a.txt");
  EXPECT_EQ(offsets.offsets(0).offset().fields().at("position").number_value(), 30);
  EXPECT_FALSE(offsets.offsets(1).has_offset());

  request.set_name("missing");
  EXPECT_CODE(connectors_->GetOffsets(Context().get(), request, &offsets), StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, AlterOffsetsOnlyWhileStopped) {
  AddConnector("sink", FakeHerder::kSinkClass);
  herder_.SetOffsets(
      "sink", {Entry({{"kafka_topic", "t"}, {"kafka_partition", 1}}, {{"kafka_offset", 3}})});
  v1::AlterOffsetsRequest request;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"name": "sink", "offsets": [
                       {"partition": {"kafka_topic": "t", "kafka_partition": 0},
                        "offset": {"kafka_offset": 5}},
                       {"partition": {"kafka_topic": "t", "kafka_partition": 1}}]})",
                  &request)
                  .ok());
  v1::AlterOffsetsResponse response;
  grpc::Status running = connectors_->AlterOffsets(Context().get(), request, &response);
  EXPECT_CODE(running, StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(running.error_message().find("STOPPED"), std::string::npos);

  ASSERT_TRUE(herder_.StopConnector("sink").ok());
  ASSERT_TRUE(connectors_->AlterOffsets(Context().get(), request, &response).ok());
  EXPECT_EQ(response.message(), "The offsets for this connector have been altered successfully");
  // Partition 1 had no offset in the request: reset; partition 0's offset is an integer again.
  const std::vector<worker::OffsetEntry> stored = herder_.Offsets("sink");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].partition, nlohmann::json({{"kafka_topic", "t"}, {"kafka_partition", 0}}));
  EXPECT_EQ(stored[0].offset.dump(), R"({"kafka_offset":5})");

  v1::AlterOffsetsRequest empty;
  empty.set_name("sink");
  EXPECT_CODE(connectors_->AlterOffsets(Context().get(), empty, &response),
              StatusCode::INVALID_ARGUMENT);
  v1::AlterOffsetsRequest no_partition;
  no_partition.set_name("sink");
  no_partition.add_offsets();
  EXPECT_CODE(connectors_->AlterOffsets(Context().get(), no_partition, &response),
              StatusCode::INVALID_ARGUMENT);
  request.set_name("missing");
  EXPECT_CODE(connectors_->AlterOffsets(Context().get(), request, &response),
              StatusCode::NOT_FOUND);
}

TEST_F(GrpcConnectorServiceTest, ResetOffsetsOnlyWhileStopped) {
  AddConnector("src", FakeHerder::kSourceClass);
  herder_.SetOffsets("src", {Entry({{"filename", "a.txt"}}, {{"position", 30}})});
  v1::ResetOffsetsRequest request;
  request.set_name("src");
  v1::ResetOffsetsResponse response;
  EXPECT_CODE(connectors_->ResetOffsets(Context().get(), request, &response),
              StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(herder_.StopConnector("src").ok());
  ASSERT_TRUE(connectors_->ResetOffsets(Context().get(), request, &response).ok());
  EXPECT_EQ(response.message(), "The offsets for this connector have been reset successfully");
  EXPECT_TRUE(herder_.Offsets("src").empty());
}

TEST_F(GrpcConnectorServiceTest, ActiveTopics) {
  AddConnector("sink", FakeHerder::kSinkClass);
  herder_.SetActiveTopics("sink", {"orders", "clicks"});
  v1::GetActiveTopicsRequest request;
  request.set_name("sink");
  v1::ActiveTopics topics;
  ASSERT_TRUE(connectors_->GetActiveTopics(Context().get(), request, &topics).ok());
  EXPECT_EQ(topics.name(), "sink");
  ASSERT_EQ(topics.topics_size(), 2);
  EXPECT_EQ(topics.topics(0), "clicks");

  v1::ResetActiveTopicsRequest reset;
  reset.set_name("sink");
  v1::ResetActiveTopicsResponse reset_response;
  ASSERT_TRUE(connectors_->ResetActiveTopics(Context().get(), reset, &reset_response).ok());
  ASSERT_TRUE(connectors_->GetActiveTopics(Context().get(), request, &topics).ok());
  EXPECT_EQ(topics.topics_size(), 0);

  herder_.DisableTopicTracking();
  grpc::Status disabled = connectors_->GetActiveTopics(Context().get(), request, &topics);
  EXPECT_CODE(disabled, StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(disabled.error_message(), "Topic tracking is disabled.");
  EXPECT_CODE(connectors_->ResetActiveTopics(Context().get(), reset, &reset_response),
              StatusCode::FAILED_PRECONDITION);
}

TEST_F(GrpcConnectorServiceTest, ListPlugins) {
  v1::ListPluginsRequest request;
  request.set_connectors_only(true);
  v1::ListPluginsResponse connectors_only;
  ASSERT_TRUE(connectors_->ListPlugins(Context().get(), request, &connectors_only).ok());
  ASSERT_EQ(connectors_only.plugins_size(), 2);
  EXPECT_EQ(connectors_only.plugins(0).class_name(), FakeHerder::kSinkClass);
  EXPECT_EQ(connectors_only.plugins(0).type(), v1::PLUGIN_TYPE_SINK);
  EXPECT_EQ(connectors_only.plugins(0).version(), "1.0");

  request.set_connectors_only(false);
  v1::ListPluginsResponse all;
  ASSERT_TRUE(connectors_->ListPlugins(Context().get(), request, &all).ok());
  ASSERT_EQ(all.plugins_size(), 3);
  EXPECT_EQ(all.plugins(2).type(), v1::PLUGIN_TYPE_CONVERTER);
  EXPECT_EQ(all.plugins(2).version(), "");
}

TEST_F(GrpcConnectorServiceTest, GetPluginConfig) {
  v1::GetPluginConfigRequest request;
  request.set_plugin(FakeHerder::kSourceClass);
  v1::PluginConfig config;
  ASSERT_TRUE(connectors_->GetPluginConfig(Context().get(), request, &config).ok());
  ASSERT_EQ(config.keys_size(), 3);
  const v1::ConfigKeyInfo& tasks_max = config.keys(0);
  EXPECT_EQ(tasks_max.name(), "tasks.max");
  EXPECT_EQ(tasks_max.type(), v1::CONFIG_TYPE_INT);
  EXPECT_FALSE(tasks_max.required());
  EXPECT_EQ(tasks_max.default_value(), "1");
  EXPECT_EQ(tasks_max.importance(), v1::IMPORTANCE_HIGH);
  EXPECT_EQ(tasks_max.group(), "Common");
  EXPECT_EQ(tasks_max.width(), v1::WIDTH_SHORT);
  EXPECT_EQ(tasks_max.display_name(), "Tasks max");
  const v1::ConfigKeyInfo& file = config.keys(1);
  EXPECT_TRUE(file.required());
  EXPECT_FALSE(file.has_default_value());
  EXPECT_FALSE(file.has_group());
  EXPECT_EQ(file.display_name(), "file");

  request.set_plugin("org.example.Nope");
  grpc::Status unknown = connectors_->GetPluginConfig(Context().get(), request, &config);
  EXPECT_CODE(unknown, StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_message(), "Unknown plugin org.example.Nope.");
  request.set_plugin("");
  EXPECT_CODE(connectors_->GetPluginConfig(Context().get(), request, &config),
              StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcConnectorServiceTest, ValidateConfigCountsErrorsWithoutFailing) {
  v1::ValidateConfigRequest request;
  request.set_plugin(FakeHerder::kSourceClass);
  (*request.mutable_config())["tasks.max"] = "0";
  (*request.mutable_config())["file"] = "/tmp/in.txt";
  v1::ConfigInfos infos;
  ASSERT_TRUE(connectors_->ValidateConfig(Context().get(), request, &infos).ok());
  EXPECT_EQ(infos.name(), FakeHerder::kSourceClass);
  EXPECT_EQ(infos.error_count(), 2);
  ASSERT_EQ(infos.groups_size(), 1);
  ASSERT_EQ(infos.configs_size(), 3);
  const v1::ConfigValueInfo& tasks_max = infos.configs(0).value();
  EXPECT_EQ(tasks_max.value(), "0");
  ASSERT_EQ(tasks_max.errors_size(), 1);
  EXPECT_EQ(tasks_max.errors(0),
            "Invalid value 0 for configuration tasks.max: Value must be at least 1");
  const v1::ConfigInfo& topic = infos.configs(2);
  EXPECT_EQ(topic.definition().name(), "topic");
  EXPECT_FALSE(topic.value().has_value());
  EXPECT_TRUE(topic.value().visible());

  request.set_plugin("org.example.Nope");
  EXPECT_CODE(connectors_->ValidateConfig(Context().get(), request, &infos), StatusCode::NOT_FOUND);
  request.set_plugin("");
  EXPECT_CODE(connectors_->ValidateConfig(Context().get(), request, &infos),
              StatusCode::INVALID_ARGUMENT);
}

TEST_F(GrpcConnectorServiceTest, TransientFailuresAreUnavailableAndOthersInternal) {
  AddConnector("src", FakeHerder::kSourceClass);
  v1::GetConnectorRequest request;
  request.set_name("src");
  v1::ConnectorInfo info;

  herder_.FailAllCalls(Status::Timeout("Request timed out"));
  grpc::Status timed_out = connectors_->GetConnector(Context().get(), request, &info);
  EXPECT_CODE(timed_out, StatusCode::UNAVAILABLE);
  EXPECT_EQ(timed_out.error_message(), "Request timed out");

  herder_.FailAllCalls(Status::Corruption("config topic is corrupt"));
  grpc::Status corrupt = connectors_->GetConnector(Context().get(), request, &info);
  EXPECT_CODE(corrupt, StatusCode::INTERNAL);
  EXPECT_EQ(corrupt.error_message(), "config topic is corrupt");
}

}  // namespace
}  // namespace sluice::testing
