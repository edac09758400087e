// A task's record pipeline: converters, transforms and the errors.* policy between the plugin
// boundary and the transport.
//   source: sluice_source_record (ABI) -> transforms -> converters -> ProducerRecord
//   sink:   ConsumedRecord -> converters -> transforms -> SinkRecordBatch (ABI)
#pragma once

#include <memory>
#include <string>

#include "config/worker_config.h"
#include "transforms/transform_chain.h"
#include "worker/error_handling.h"
#include "worker/record_conversion.h"

namespace sluice::worker {

enum class RecordOutcome { kDeliver, kSkip };

class RecordPipeline {
 public:
  struct Identity {
    std::string connector;
    int task_id = 0;
    std::string logger;
    RetryClock clock = RetryClock::Real();  // how errors.retry.* waits; the task's stop ends it
  };
  // Errors name the converter, transform or key that is wrong.
  static Result<std::unique_ptr<RecordPipeline>> Create(const config::WorkerConfig& worker,
                                                        const StringMap& connector_config,
                                                        Identity identity,
                                                        transport::Transport* transport);

  // kDeliver with `out` filled; kSkip when a transform dropped the record or a tolerated error
  // skipped it (its source offset still counts as done); an error fails the task. A record
  // without a timestamp gets `now_ms`.
  Result<RecordOutcome> ToProducerRecord(const sluice_source_record& in, int64_t now_ms,
                                         transport::ProducerRecord& out);
  // kDeliver when the record was added to `batch`; kSkip when dropped or tolerated.
  Result<RecordOutcome> AddSinkRecord(const transport::ConsumedRecord& in, SinkRecordBatch& batch);

  ErrorReporter& errors() { return *errors_; }

 private:
  // The chain on a record, retried within errors.retry.timeout when it fails transiently (each
  // attempt on a copy, since the chain consumes its record). `failed_class` names the transform
  // that failed.
  Result<std::optional<transforms::ConnectRecord>> Transform(transforms::ConnectRecord record,
                                                             std::string& failed_class);

  // A source record is taken apart into this one, reused from record to record.
  transforms::ConnectRecord source_record_;
  std::unique_ptr<RecordConverters> converters_;
  std::unique_ptr<transforms::TransformChain> transforms_;
  std::unique_ptr<ErrorReporter> errors_;
};

}  // namespace sluice::worker
