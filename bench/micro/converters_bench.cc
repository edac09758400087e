// The converters of the record pipeline (sluice::converters) on what the file connectors carry: a
// string value with the STRING schema (the file source's records), encoded on the source side and
// decoded on the sink side. Each iteration converts one record; the lines rotate through 10000
// access-log lines so that no cache holds the answer.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "access_log_lines.h"
#include "data/converter.h"

namespace {

using sluice::Schema;
using sluice::SchemaAndValue;
using sluice::Value;
using sluice::data::ConverterConfig;

constexpr size_t kLines = 10000;
constexpr const char* kStringConverter = "org.apache.kafka.connect.storage.StringConverter";
constexpr const char* kJsonConverter = "org.apache.kafka.connect.json.JsonConverter";

std::unique_ptr<sluice::data::Converter> MakeConverter(const char* class_name,
                                                       const ConverterConfig& config) {
  auto converter = sluice::data::CreateConverter(class_name, config, /*is_key=*/false);
  if (!converter.ok()) {
    std::cerr << "cannot create " << class_name << ": " << converter.status().message() << "\n";
    std::exit(1);
  }
  return std::move(*converter);
}

const std::vector<SchemaAndValue>& Records() {
  static const std::vector<SchemaAndValue> records = [] {
    std::vector<SchemaAndValue> out;
    for (std::string& line : sluice::bench::AccessLogLines().Lines(kLines)) {
      out.push_back({Schema::String(), Value(std::move(line))});
    }
    return out;
  }();
  return records;
}

// The bytes a converter writes for each record, for the decode benchmarks.
std::vector<std::optional<std::string>> Encoded(sluice::data::Converter& converter) {
  std::vector<std::optional<std::string>> out;
  for (const SchemaAndValue& record : Records()) {
    auto bytes = converter.FromConnectData("bench", record);
    if (!bytes.ok()) {
      std::cerr << "cannot encode: " << bytes.status().message() << "\n";
      std::exit(1);
    }
    out.push_back(std::move(*bytes));
  }
  return out;
}

void Encode(benchmark::State& state, const char* class_name, const ConverterConfig& config) {
  auto converter = MakeConverter(class_name, config);
  const auto& records = Records();
  const std::string topic = "bench";
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    auto out = converter->FromConnectData(topic, records[i]);
    if (!out.ok() || !*out) {
      state.SkipWithError("the converter wrote no bytes");
      break;
    }
    bytes += static_cast<int64_t>((*out)->size());
    benchmark::DoNotOptimize(out);
    if (++i == records.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void Decode(benchmark::State& state, const char* class_name, const ConverterConfig& config) {
  auto converter = MakeConverter(class_name, config);
  const auto encoded = Encoded(*converter);
  const std::string topic = "bench";
  size_t i = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    auto out = converter->ToConnectData(topic, encoded[i]);
    if (!out.ok()) {
      state.SkipWithError(out.status().message().c_str());
      break;
    }
    bytes += static_cast<int64_t>(encoded[i]->size());
    benchmark::DoNotOptimize(out);
    if (++i == encoded.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

void BM_StringConverterEncode(benchmark::State& state) {
  Encode(state, kStringConverter, {});
}
void BM_StringConverterDecode(benchmark::State& state) {
  Decode(state, kStringConverter, {});
}
// Kafka's default: {"schema":{"type":"string","optional":false},"payload":"..."}.
void BM_JsonConverterEncode(benchmark::State& state) {
  Encode(state, kJsonConverter, {});
}
void BM_JsonConverterDecode(benchmark::State& state) {
  Decode(state, kJsonConverter, {});
}
// schemas.enable=false: the payload alone, a JSON string.
void BM_JsonConverterSchemalessEncode(benchmark::State& state) {
  Encode(state, kJsonConverter, {{"schemas.enable", "false"}});
}
void BM_JsonConverterSchemalessDecode(benchmark::State& state) {
  Decode(state, kJsonConverter, {{"schemas.enable", "false"}});
}

BENCHMARK(BM_StringConverterEncode);
BENCHMARK(BM_StringConverterDecode);
BENCHMARK(BM_JsonConverterEncode);
BENCHMARK(BM_JsonConverterDecode);
BENCHMARK(BM_JsonConverterSchemalessEncode);
BENCHMARK(BM_JsonConverterSchemalessDecode);

}  // namespace
