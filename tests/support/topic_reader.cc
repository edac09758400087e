#include "topic_reader.h"

#include <gtest/gtest.h>

#include "transport/embedded/embedded_transport.h"

namespace sluice::testing {

std::vector<transport::ConsumedRecord> ReadTopic(const std::string& log_dirs,
                                                 const std::string& topic) {
  auto opened = embedded::EmbeddedTransport::Open({{"log.dirs", log_dirs}});
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) return {};
  transport::ConsumerOptions options;
  options.group_id = "reader";
  auto consumer = (*opened)->CreateConsumer(options);
  EXPECT_TRUE(consumer.ok());
  if (!consumer.ok()) return {};
  EXPECT_TRUE((*consumer)->Subscribe({topic}).ok());
  std::vector<transport::ConsumedRecord> out;
  int empty_polls = 0;
  while (empty_polls < 10) {
    auto polled = (*consumer)->Poll(std::chrono::milliseconds(100), 10000);
    if (!polled.ok() || polled->empty()) {
      ++empty_polls;
      continue;
    }
    empty_polls = 0;
    out.insert(out.end(), std::make_move_iterator(polled->begin()),
               std::make_move_iterator(polled->end()));
  }
  return out;
}

}  // namespace sluice::testing
