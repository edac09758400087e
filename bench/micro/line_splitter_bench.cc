// The file source's line splitting (plugins/file-source/line_splitter.h), fed the way LineReader
// feeds it: read(2)-sized chunks written straight into PrepareAppend's room, then Next() until
// only a partial line is held.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

#include "access_log_lines.h"
#include "file-source/line_splitter.h"

namespace {

using sluice::file_source::Line;
using sluice::file_source::LineSplitter;

constexpr size_t kLines = 100000;  // about 15 MB of text
constexpr size_t kMaxLineBytes = size_t{1024} * 1024;

const std::string& SampleText() {
  static const std::string text = sluice::bench::AccessLogLines().Text(kLines);
  return text;
}

// Arg 0: the chunk size, as LineReader's chunk_bytes (its default is 256 KiB).
void BM_SplitAccessLog(benchmark::State& state) {
  const std::string& text = SampleText();
  const size_t chunk = static_cast<size_t>(state.range(0));
  size_t lines = 0;
  for (auto _ : state) {
    LineSplitter splitter(kMaxLineBytes);
    Line line;
    for (size_t at = 0; at < text.size(); at += chunk) {
      const size_t n = std::min(chunk, text.size() - at);
      std::memcpy(splitter.PrepareAppend(chunk), text.data() + at, n);
      splitter.CommitAppend(n);
      while (splitter.Next(line)) {
        benchmark::DoNotOptimize(line.text.data());
        ++lines;
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(lines));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["lines"] = static_cast<double>(kLines);
}
BENCHMARK(BM_SplitAccessLog)
    ->Arg(4 << 10)
    ->Arg(64 << 10)
    ->Arg(256 << 10)
    ->Unit(benchmark::kMillisecond);

// The same lines with "\r\n" endings: the terminator check is the only extra work.
void BM_SplitAccessLogCrlf(benchmark::State& state) {
  static const std::string text = [] {
    std::string out;
    for (const std::string& l : sluice::bench::AccessLogLines().Lines(kLines)) out += l + "\r\n";
    return out;
  }();
  const size_t chunk = 256 << 10;
  size_t lines = 0;
  for (auto _ : state) {
    LineSplitter splitter(kMaxLineBytes);
    Line line;
    for (size_t at = 0; at < text.size(); at += chunk) {
      const size_t n = std::min(chunk, text.size() - at);
      std::memcpy(splitter.PrepareAppend(chunk), text.data() + at, n);
      splitter.CommitAppend(n);
      while (splitter.Next(line)) {
        benchmark::DoNotOptimize(line.text.data());
        ++lines;
      }
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(lines));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SplitAccessLogCrlf)->Unit(benchmark::kMillisecond);

}  // namespace
