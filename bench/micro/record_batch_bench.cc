// Record batching in the embedded log (runtime/transport/embedded/record_batch.h): building a batch
// of access-log lines as the producer does (RecordBatchBuilder::Add, then Seal, which checksums
// it), and reading it back as the consumer does (ParseBatch checks the CRC, DecodeRecords copies
// each record out). Records carry a null key, the line as value and no header, as the file source
// with StringConverter sends them.
#include <benchmark/benchmark.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "access_log_lines.h"
#include "transport/embedded/crc32c.h"
#include "transport/embedded/record_batch.h"

namespace {

using sluice::embedded::BatchHeader;
using sluice::embedded::RecordBatchBuilder;
using sluice::embedded::SealedBatch;
using sluice::transport::ConsumedRecord;
using sluice::transport::RecordHeader;

const std::vector<std::optional<std::string>>& Values() {
  static const std::vector<std::optional<std::string>> values = [] {
    std::vector<std::optional<std::string>> out;
    for (std::string& line : sluice::bench::AccessLogLines().Lines(10000)) out.emplace_back(line);
    return out;
  }();
  return values;
}

SealedBatch BuildBatch(size_t records) {
  RecordBatchBuilder builder;
  const std::vector<RecordHeader> no_headers;
  const auto& values = Values();
  for (size_t i = 0; i < records; ++i) {
    builder.Add(1709251200000 + static_cast<int64_t>(i), std::nullopt, values[i % values.size()],
                no_headers);
  }
  return builder.Seal(1709251200000);
}

// Arg 0: records per batch.
void BM_BatchBuildAndSeal(benchmark::State& state) {
  const size_t records = static_cast<size_t>(state.range(0));
  const auto& values = Values();
  const std::vector<RecordHeader> no_headers;
  RecordBatchBuilder builder;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < records; ++i) {
      builder.Add(1709251200000 + static_cast<int64_t>(i), std::nullopt, values[i % values.size()],
                  no_headers);
    }
    SealedBatch sealed = builder.Seal(1709251200000);
    bytes += static_cast<int64_t>(sealed.bytes.size());
    benchmark::DoNotOptimize(sealed.bytes.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(records));
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_BatchBuildAndSeal)->Arg(100)->Arg(1000)->Arg(7000);

// Arg 0: records per batch.
void BM_BatchParseAndDecode(benchmark::State& state) {
  const size_t records = static_cast<size_t>(state.range(0));
  const SealedBatch sealed = BuildBatch(records);
  const std::string topic = "bench";
  sluice::transport::ConsumedRecords out;
  for (auto _ : state) {
    out.clear();
    auto header = sluice::embedded::ParseBatch(sealed.bytes);
    if (!header.ok()) {
      state.SkipWithError(header.status().message().c_str());
      break;
    }
    auto decoded =
        sluice::embedded::DecodeRecords(sealed.bytes, *header, topic, 0, 0, records, &out);
    if (!decoded.ok() || *decoded != records) {
      state.SkipWithError("DecodeRecords did not return every record");
      break;
    }
    benchmark::DoNotOptimize(&out[0]);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(records));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(sealed.bytes.size()));
}
BENCHMARK(BM_BatchParseAndDecode)->Arg(100)->Arg(1000)->Arg(7000);

// The checksum alone, over a 1 MiB batch (the producer's default batch.size).
void BM_Crc32c(benchmark::State& state) {
  const SealedBatch sealed = BuildBatch(7000);
  const std::string data = sealed.bytes.substr(0, 1 << 20);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sluice::embedded::Crc32c(data.data(), data.size()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_Crc32c);

}  // namespace
