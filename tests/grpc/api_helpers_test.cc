// The gRPC library's small parts: status mapping, JSON <-> Struct, request checks.
#include <gtest/gtest.h>

#include "grpc/connector_requests.h"
#include "grpc/status_mapping.h"
#include "grpc/struct_json.h"

namespace sluice::rpc {
namespace {

TEST(GrpcStatusMappingTest, MapsEachCodeWithItsMessage) {
  const std::vector<std::pair<Status, grpc::StatusCode>> cases = {
      {Status::OK(), grpc::StatusCode::OK},
      {Status::NotFound("m"), grpc::StatusCode::NOT_FOUND},
      {Status::AlreadyExists("m"), grpc::StatusCode::ALREADY_EXISTS},
      {Status::InvalidArgument("m"), grpc::StatusCode::INVALID_ARGUMENT},
      {Status::FailedPrecondition("m"), grpc::StatusCode::FAILED_PRECONDITION},
      {Status::Retriable("m"), grpc::StatusCode::UNAVAILABLE},
      {Status::Unavailable("m"), grpc::StatusCode::UNAVAILABLE},
      {Status::Timeout("m"), grpc::StatusCode::UNAVAILABLE},
      {Status::IoError("m"), grpc::StatusCode::UNAVAILABLE},
      {Status::Corruption("m"), grpc::StatusCode::INTERNAL},
      {Status::Cancelled("m"), grpc::StatusCode::INTERNAL},
      {Status::Internal("m"), grpc::StatusCode::INTERNAL},
  };
  for (const auto& [status, code] : cases) {
    const grpc::Status mapped = ToGrpcStatus(status);
    EXPECT_EQ(mapped.error_code(), code) << status.ToString();
    if (!status.ok()) {
      EXPECT_EQ(mapped.error_message(), "m");
    }
  }
}

TEST(GrpcStatusMappingTest, AnExceptionBecomesInternal) {
  const grpc::Status answer =
      Answer("Test", []() -> Status { throw std::runtime_error("bad things"); });
  EXPECT_EQ(answer.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(answer.error_message(), "unexpected error: bad things");
}

TEST(GrpcStructJsonTest, RoundTripsObjectsKeepingIntegersIntegral) {
  const nlohmann::json original = {{"filename", "a.txt"},     {"position", 30},
                                   {"negative", -7},          {"ratio", 0.25},
                                   {"big", 9007199254740992}, {"flag", true},
                                   {"none", nullptr},         {"list", {1, "two", {{"three", 3}}}}};
  google::protobuf::Struct converted;
  ASSERT_TRUE(JsonObjectToStruct(original, "offset", &converted).ok());
  EXPECT_EQ(converted.fields().at("position").number_value(), 30);
  EXPECT_EQ(converted.fields().at("none").kind_case(), google::protobuf::Value::kNullValue);
  EXPECT_EQ(StructToJson(converted), original);
  EXPECT_EQ(StructToJson(converted)["position"].dump(), "30");
}

TEST(GrpcStructJsonTest, BeyondTwoToThe53IntegersBecomeDoubles) {
  google::protobuf::Value value;
  value.set_number_value(1e300);
  EXPECT_TRUE(ValueToJson(value).is_number_float());
  value.set_number_value(9007199254740994.0);
  EXPECT_TRUE(ValueToJson(value).is_number_float());
}

TEST(GrpcStructJsonTest, RefusesWhatIsNotAnObject) {
  google::protobuf::Struct converted;
  const Status refused =
      JsonObjectToStruct(nlohmann::json::array({1}), "the partition", &converted);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "the partition must be a JSON object, not [1]");
}

TEST(GrpcConnectorRequestsTest, ConnectorNames) {
  EXPECT_TRUE(CheckConnectorName("local-file-source").ok());
  EXPECT_TRUE(CheckConnectorName("naïve connector").ok());
  const std::vector<std::string> bad_names = {
      "", ".", "..", "a/b", "a\\b", std::string("nul\0x", 5), "del\x7f", "c1\xc2\x85"};
  for (const std::string& bad : bad_names) {
    EXPECT_EQ(CheckConnectorName(bad).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(TrimmedName("  a b \t"), "a b");
  EXPECT_EQ(TrimmedName(" \n "), "");
}

TEST(GrpcConnectorRequestsTest, NameInConfigMustMatch) {
  worker::StringMap config = {{"connector.class", "X"}};
  ASSERT_TRUE(CheckAndPutConnectorName("a", config).ok());
  EXPECT_EQ(config.at("name"), "a");
  ASSERT_TRUE(CheckAndPutConnectorName("a", config).ok());
  const Status mismatch = CheckAndPutConnectorName("b", config);
  EXPECT_EQ(mismatch.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(mismatch.message(),
            "Connector name configuration (a) doesn't match connector name in the request (b)");
}

TEST(GrpcConnectorRequestsTest, Patches) {
  google::protobuf::RepeatedPtrField<v1::ConfigPatch> patches;
  auto* set = patches.Add();
  set->set_key("a");
  set->set_value("");
  patches.Add()->set_key("b");
  auto patch = PatchFromProto("c", patches);
  ASSERT_TRUE(patch.ok());
  EXPECT_EQ(patch->at("a"), std::optional<std::string>(""));
  EXPECT_EQ(patch->at("b"), std::nullopt);

  auto* rename = patches.Add();
  rename->set_key("name");
  rename->set_value("d");
  EXPECT_EQ(PatchFromProto("c", patches).status().code(), StatusCode::kInvalidArgument);
  rename->set_value("c");
  EXPECT_TRUE(PatchFromProto("c", patches).ok());
  patches.Add()->set_key("");
  EXPECT_EQ(PatchFromProto("c", patches).status().message(), "A config patch has an empty key");
}

}  // namespace
}  // namespace sluice::rpc
