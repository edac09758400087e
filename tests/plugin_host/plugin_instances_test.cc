// Driving plugin objects through the ABI: exceptions thrown by the plugin come back as a Status
// with the plugin's text, and the host goes on.
#include "plugin_host/plugin_instances.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_host/plugin_registry.h"
#include "sluice/abi_data.h"

namespace sluice::plugin_host {
namespace {

using ::testing::HasSubstr;

class Records : public CallSink {
 public:
  sluice_status OnSourceRecord(const sluice_source_record& r) override {
    values.emplace_back(abi::View(r.value.bytes));
    offsets.emplace_back(abi::View(r.source_offset_json));
    return SLUICE_OK;
  }
  std::vector<std::string> values, offsets;
};

class NoOffsets : public OffsetReader {
 public:
  std::optional<std::string> ReadOffset(std::string_view) override { return std::nullopt; }
  void ForgetOffset(std::string_view) override {}
};

class PluginInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = PluginRegistry::Scan({SLUICE_TEST_PLUGIN_DIR});
    source_ = registry_->Find("FaultySourceConnector");
    ASSERT_NE(source_, nullptr);
  }
  std::unique_ptr<PluginRegistry> registry_;
  std::shared_ptr<const ConnectorClass> source_;
  NoOffsets no_offsets_;
};

TEST_F(PluginInstances, ConnectorProducesTaskConfigs) {
  auto c = ConnectorInstance::Create(source_, {{"topic", "t"}}, nullptr, "test");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto configs = (*c)->TaskConfigs(3);
  ASSERT_TRUE(configs.ok());
  ASSERT_EQ(configs->size(), 3u);
  EXPECT_EQ((*configs)[0].at("topic"), "t");
}

TEST_F(PluginInstances, ConnectorStartThrowingIsAnError) {
  auto c = ConnectorInstance::Create(source_,
                                     {{"topic", "t"},
                                      {"fail.in", "connector_start"},
                                      {"fail.message", "cannot reach the database"}},
                                     nullptr, "test");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInternal);
  EXPECT_EQ(c.status().message(), "cannot reach the database");
}

TEST_F(PluginInstances, SourceTaskEmitsRecordsWithOffsets) {
  auto t =
      SourceTaskInstance::Create(source_, {{"topic", "t"}, {"records", "3"}}, &no_offsets_, "test");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  Records records;
  ASSERT_TRUE((*t)->Poll(10, records).ok());
  EXPECT_EQ(records.values, (std::vector<std::string>{"line-0", "line-1", "line-2"}));
  EXPECT_EQ(records.offsets[2], R"({"seq":2})");
}

TEST_F(PluginInstances, PollThrowingIsAnErrorAndTheTaskCanBeDestroyed) {
  auto t = SourceTaskInstance::Create(
      source_, {{"topic", "t"}, {"fail.in", "poll"}, {"fail.message", "boom in poll"}},
      &no_offsets_, "test");
  ASSERT_TRUE(t.ok());
  Records records;
  Status st = (*t)->Poll(10, records);
  EXPECT_EQ(st.code(), StatusCode::kInternal);
  EXPECT_THAT(st.message(), HasSubstr("boom in poll"));
  t->reset();  // destroying after a failure is safe
}

TEST_F(PluginInstances, InvalidConfigValueIsInvalidArgument) {
  auto t = SourceTaskInstance::Create(source_, {{"topic", "t"}, {"records", "many"}}, &no_offsets_,
                                      "test");
  ASSERT_TRUE(t.ok());
  Records records;
  Status st = (*t)->Poll(10, records);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("Invalid value many for configuration records"));
}

}  // namespace
}  // namespace sluice::plugin_host
