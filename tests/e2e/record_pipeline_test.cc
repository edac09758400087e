// The record pipeline in the real worker: Kafka's documented transform example on the file
// source, and a plugin's own converter, transformation and predicate loaded from a .so and named
// in connector configs like the built-ins.
#include <gtest/gtest.h>

#include "topic_reader.h"
#include "worker_process.h"

namespace sluice::testing {
namespace {

std::vector<std::string> Values(const std::vector<transport::ConsumedRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.value.value_or("<null>"));
  return out;
}

// Kafka's documentation (connect_transforms): "HoistField and InsertField on the file source
// give {"line":"foo","data_source":"test-file-source"}".
TEST(RecordPipeline, KafkasDocumentedTransformExampleOnTheFileSource) {
  TempDir dir;
  AppendToFile(dir / "test.txt", "foo\nbar\n");
  {
    WorkerProcess worker(dir.path(), {{"value.converter.schemas.enable", "false"}});
    ASSERT_TRUE(worker.Start()) << worker.log();
    auto r = worker.Request(
        "PUT", "/connectors/local-file-source/config",
        nlohmann::json(
            {{"connector.class", "FileStreamSource"},
             {"file", dir / "test.txt"},
             {"topic", "connect-test"},
             {"transforms", "MakeMap, InsertSource"},
             {"transforms.MakeMap.type", "org.apache.kafka.connect.transforms.HoistField$Value"},
             {"transforms.MakeMap.field", "line"},
             {"transforms.InsertSource.type",
              "org.apache.kafka.connect.transforms.InsertField$Value"},
             {"transforms.InsertSource.static.field", "data_source"},
             {"transforms.InsertSource.static.value", "test-file-source"}})
            .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_TRUE(Eventually([&] {
      auto offsets = worker.Request("GET", "/connectors/local-file-source/offsets").json();
      return offsets.dump().find("\"position\":8") != std::string::npos;
    })) << worker.log();
    ASSERT_EQ(worker.Stop(), 0);
  }
  EXPECT_EQ(Values(ReadTopic(dir / "sluice-data", "connect-test")),
            (std::vector<std::string>{R"({"line":"foo","data_source":"test-file-source"})",
                                      R"({"line":"bar","data_source":"test-file-source"})"}));
}

TEST(RecordPipeline, APluginsConverterTransformationAndPredicateRunInTheWorker) {
  TempDir dir;
  {
    WorkerProcess worker(dir.path(), {});
    ASSERT_TRUE(worker.Start()) << worker.log();

    auto plugins = worker.Request("GET", "/connector-plugins?connectorsOnly=false").json();
    std::map<std::string, std::string> listed;
    for (const auto& p : plugins) {
      listed[p["class"].get<std::string>() + "/" + p["type"].get<std::string>()] =
          p["version"].get<std::string>();
    }
    EXPECT_EQ(listed["com.example.ReversedConverter/converter"], "2.1.0");
    EXPECT_EQ(listed["com.example.TaggingHeaderConverter/header_converter"], "2.1.0");
    EXPECT_EQ(listed["com.example.Uppercase/transformation"], "2.1.0");
    EXPECT_EQ(listed["com.example.ValueContains/predicate"], "2.1.0");
    auto config = worker.Request("GET", "/connector-plugins/com.example.ValueContains/config");
    ASSERT_EQ(config.status, 200) << config.body;
    EXPECT_EQ(config.json()[0]["name"], "text");

    const nlohmann::json source = {{"connector.class", "FileStreamSource"},
                                   {"file", dir / "in.txt"},
                                   {"topic", "reversed"},
                                   {"value.converter", "Reversed"},
                                   {"value.converter.prefix", "R:"},
                                   {"transforms", "up"},
                                   {"transforms.up.type", "Upper"},
                                   {"transforms.up.predicate", "hasX"},
                                   {"predicates", "hasX"},
                                   {"predicates.hasX.type", "com.example.ValueContains"},
                                   {"predicates.hasX.text", "x"}};
    // A config the plugin's definition refuses is named by key, before anything is created.
    nlohmann::json incomplete = source;
    incomplete.erase("predicates.hasX.text");
    auto refused = worker.Request("PUT", "/connectors/src/config", incomplete.dump());
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find("predicates.hasX.text"), std::string::npos) << refused.body;

    ASSERT_EQ(worker.Request("PUT", "/connectors/src/config", source.dump()).status, 201);
    auto sink = worker.Request("PUT", "/connectors/sink/config",
                               nlohmann::json({{"connector.class", "FileStreamSink"},
                                               {"file", dir / "out.txt"},
                                               {"topics", "reversed"},
                                               {"value.converter", "ReversedConverter"},
                                               {"value.converter.prefix", "R:"}})
                                   .dump());
    ASSERT_EQ(sink.status, 201) << sink.body;
    AppendToFile(dir / "in.txt", "xa\nb\nxc\n");
    ASSERT_TRUE(Eventually([&] { return ReadLines(dir / "out.txt").size() == 3; })) << worker.log();
    ASSERT_EQ(worker.Stop(), 0);
  }
  EXPECT_EQ(ReadLines(dir / "out.txt"), (std::vector<std::string>{"XA", "b", "XC"}));
  EXPECT_EQ(Values(ReadTopic(dir / "sluice-data", "reversed")),
            (std::vector<std::string>{"R:AX", "R:b", "R:CX"}));
}

}  // namespace
}  // namespace sluice::testing
