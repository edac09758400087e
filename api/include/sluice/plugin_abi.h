/*
 * The Sluice plugin ABI: the only thing that crosses a plugin `.so` boundary.
 *
 * A plugin exports one C function, `sluice_plugin_init`. The host calls it with its own function
 * table (sluice_host_api) and a zeroed plugin table (sluice_plugin_api) for the plugin to fill.
 * Both tables start with the ABI major/minor and the struct size: the host refuses another major,
 * accepts an older minor, and reads only the `struct_size` bytes the plugin declared, so fields
 * added in later minors are NULL for older plugins.
 *
 * Rules that every hook keeps:
 *   - Nothing throws across this boundary. Hooks return a sluice_status; detail goes through
 *     host->set_error(call, ...).
 *   - The allocating side frees. Instances created by a plugin are destroyed by the same plugin's
 *     destroy hook. Buffers passed in (sluice_buffer) are BORROWED for the duration of the call.
 *   - `sluice_call` is a host-owned context for one hook invocation: it carries the error slot and
 *     whatever the hook may emit into (records, task configs, offsets). It is valid only during
 *     the call.
 *   - Structured data (configs, source partitions/offsets, complex values) crosses as UTF-8 JSON.
 *
 * Versioning: bump SLUICE_ABI_MINOR when appending fields to a table; bump SLUICE_ABI_MAJOR for
 * any other change. tests/unit/abi_version_test.cc pins a hash of this file to the version.
 */
#ifndef SLUICE_PLUGIN_ABI_H_
#define SLUICE_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_ABI_MAJOR 1
#define SLUICE_ABI_MINOR 0

#define SLUICE_PLUGIN_ENTRY_SYMBOL "sluice_plugin_init"

/* ---------------------------------------------------------------------------------------------
 * Types
 * ------------------------------------------------------------------------------------------- */

typedef enum sluice_status {
  SLUICE_OK = 0,
  SLUICE_RETRIABLE = 1,     /* transient: the host retries the same call later */
  SLUICE_FATAL = 2,         /* the instance fails; the host reports the error text */
  SLUICE_INVALID_CONFIG = 3 /* the configuration given cannot be used */
} sluice_status;

/* A borrowed byte range. OWNERSHIP: the caller; valid during the call only. ptr may be NULL when
 * len is 0. */
typedef struct sluice_buffer {
  const uint8_t* ptr;
  size_t len;
} sluice_buffer;

/* How a key, value or header value is carried. The STRING and BYTES kinds are the fast paths of
 * the common cases: a string or bytes value with a plain string or bytes schema (optional or not),
 * the bytes being the value itself. ENVELOPE carries any other schema and value (including a null
 * value with an optional schema) as Kafka's JsonConverter envelope text:
 * {"schema": <schema or null>, "payload": <value>}. */
typedef enum sluice_data_kind {
  SLUICE_DATA_NULL = 0, /* no schema, null value (a tombstone value) */
  SLUICE_DATA_STRING = 1,
  SLUICE_DATA_BYTES = 2,
  SLUICE_DATA_ENVELOPE = 3,
  SLUICE_DATA_OPTIONAL_STRING = 4,
  SLUICE_DATA_OPTIONAL_BYTES = 5
} sluice_data_kind;

typedef struct sluice_data {
  sluice_data_kind kind;
  sluice_buffer bytes;
} sluice_data;

typedef struct sluice_header {
  sluice_buffer key;
  sluice_data value;
} sluice_header;

#define SLUICE_NO_PARTITION (-1)
#define SLUICE_NO_TIMESTAMP (-1)

/* A record produced by a source task. All buffers are borrowed for the emit call. */
typedef struct sluice_source_record {
  sluice_buffer topic;
  int32_t partition;    /* SLUICE_NO_PARTITION: the host partitions by key */
  int64_t timestamp_ms; /* SLUICE_NO_TIMESTAMP: the host stamps the wall clock */
  sluice_data key;
  sluice_data value;
  const sluice_header* headers;
  size_t header_count;
  sluice_buffer source_partition_json; /* JSON object, or empty for "no offset tracking" */
  sluice_buffer source_offset_json;    /* JSON object, or empty */
} sluice_source_record;

/* A record delivered to a sink task. OWNERSHIP: the host; valid during the put call. */
typedef struct sluice_sink_record {
  sluice_buffer topic;
  int32_t partition;
  int64_t offset;
  int64_t timestamp_ms;
  sluice_data key;
  sluice_data value;
  const sluice_header* headers;
  size_t header_count;
} sluice_sink_record;

typedef struct sluice_topic_partition_offset {
  sluice_buffer topic;
  int32_t partition;
  int64_t offset; /* the next offset to consume, as Kafka commits it */
} sluice_topic_partition_offset;

typedef enum sluice_log_level {
  SLUICE_LOG_TRACE = 0,
  SLUICE_LOG_DEBUG = 1,
  SLUICE_LOG_INFO = 2,
  SLUICE_LOG_WARN = 3,
  SLUICE_LOG_ERROR = 4
} sluice_log_level;

typedef enum sluice_plugin_type {
  SLUICE_PLUGIN_SOURCE = 0,
  SLUICE_PLUGIN_SINK = 1
} sluice_plugin_type;

/* Opaque handles. `sluice_call` and `sluice_*_context` are host-owned; instances are
 * plugin-owned. */
typedef struct sluice_call sluice_call;
typedef struct sluice_connector_context sluice_connector_context;
typedef struct sluice_source_context sluice_source_context;
typedef struct sluice_sink_context sluice_sink_context;
typedef struct sluice_connector sluice_connector;
typedef struct sluice_task sluice_task;

/* ---------------------------------------------------------------------------------------------
 * Host API: callbacks the plugin may call. Every function is thread-safe.
 * ------------------------------------------------------------------------------------------- */

typedef struct sluice_host_api {
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size;

  /* Sets the error text of the current hook call (the last one wins). */
  void (*set_error)(sluice_call* call, const char* message, size_t len);

  /* Logs a line attributed to the connector or task that `call` belongs to. */
  void (*log)(sluice_call* call, sluice_log_level level, const char* message, size_t len);

  /* connector_task_configs: emit one task config (a flat JSON object of strings). */
  sluice_status (*emit_task_config)(sluice_call* call, sluice_buffer config_json);

  /* source_task_poll: hand one record to the host, which copies it before returning. */
  sluice_status (*emit_source_record)(sluice_call* call, const sluice_source_record* record);

  /* sink_task_pre_commit: say that these offsets are safe to commit. */
  sluice_status (*emit_commit_offset)(sluice_call* call, const sluice_topic_partition_offset* tpo);

  /* Connector context: ask the host to call connector_task_configs again. */
  void (*request_task_reconfiguration)(sluice_connector_context* ctx);

  /* Source context: reads the last committed offset of a source partition. The offset JSON is
   * copied into `out` through `write`; returns 0 when there is no offset. */
  int (*source_offset_read)(sluice_source_context* ctx, sluice_buffer partition_json,
                            void (*write)(void* out, const char* data, size_t len), void* out);

  /* Sink context. */
  void (*sink_seek)(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition,
                    int64_t offset);
  void (*sink_pause)(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition);
  void (*sink_resume)(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition);
  void (*sink_request_commit)(sluice_sink_context* ctx);
  /* Writes the current assignment as a JSON array of {"topic":..,"partition":..}. */
  void (*sink_assignment)(sluice_sink_context* ctx,
                          void (*write)(void* out, const char* data, size_t len), void* out);
  /* Reports a record the task could not process (Kafka's ErrantRecordReporter). Returns
   * SLUICE_FATAL when the connector's error tolerance does not allow it. */
  sluice_status (*sink_report_errant)(sluice_sink_context* ctx, const sluice_sink_record* record,
                                      const char* error, size_t error_len);
} sluice_host_api;

/* ---------------------------------------------------------------------------------------------
 * Plugin API: one class table per connector class the library provides.
 * ------------------------------------------------------------------------------------------- */

typedef struct sluice_connector_class {
  uint32_t struct_size;
  sluice_plugin_type type;
  const char* class_name;  /* e.g. "FileStreamSourceConnector"; static storage */
  const char* const* aliases; /* NULL-terminated list; may be NULL */
  const char* version;
  /* The config definition, a JSON array of key definitions (see sdk/config.h); static storage. */
  const char* config_def_json;

  /* --- connector (required) --- */
  sluice_status (*connector_create)(sluice_call* call, sluice_connector_context* ctx,
                                    sluice_buffer config_json, sluice_connector** out);
  /* Extra validation beyond the declared definition: emit one error per call of set_error as
   * "key: message" lines; return SLUICE_INVALID_CONFIG when any. Optional. */
  sluice_status (*connector_validate)(sluice_call* call, sluice_buffer config_json);
  sluice_status (*connector_task_configs)(sluice_connector* c, sluice_call* call,
                                          int32_t max_tasks);
  void (*connector_destroy)(sluice_connector* c); /* stops and frees */

  /* --- tasks (required: create, destroy; source: poll; sink: put) --- */
  sluice_status (*source_task_create)(sluice_call* call, sluice_source_context* ctx,
                                      sluice_buffer config_json, sluice_task** out);
  sluice_status (*sink_task_create)(sluice_call* call, sluice_sink_context* ctx,
                                    sluice_buffer config_json, sluice_task** out);
  /* Returns after at most about `timeout_ms` with zero or more records emitted. */
  sluice_status (*source_task_poll)(sluice_task* t, sluice_call* call, int32_t timeout_ms);
  /* Called once the broker acknowledged all records up to this point (Kafka's commit()). */
  sluice_status (*source_task_commit)(sluice_task* t, sluice_call* call);
  sluice_status (*sink_task_put)(sluice_task* t, sluice_call* call,
                                 const sluice_sink_record* records, size_t count);
  /* Makes everything put so far durable; then emit_commit_offset for what is safe. When NULL
   * the host commits every offset it has delivered after a successful flush. */
  sluice_status (*sink_task_pre_commit)(sluice_task* t, sluice_call* call,
                                        const sluice_topic_partition_offset* current,
                                        size_t count);
  sluice_status (*sink_task_open)(sluice_task* t, sluice_call* call,
                                  const sluice_topic_partition_offset* partitions, size_t count);
  sluice_status (*sink_task_close)(sluice_task* t, sluice_call* call,
                                   const sluice_topic_partition_offset* partitions, size_t count);
  /* Wakes a blocked poll/put from another thread; the task returns soon. Optional. */
  void (*task_wakeup)(sluice_task* t);
  void (*task_destroy)(sluice_task* t); /* stops and frees */
} sluice_connector_class;

typedef struct sluice_plugin_api {
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size;
  const char* plugin_name; /* e.g. "file-source" */
  const sluice_connector_class* const* connector_classes;
  size_t connector_class_count;
} sluice_plugin_api;

/* The one exported symbol. Returns SLUICE_OK and fills `out` (whose struct_size the host set to
 * its own size) or returns an error and writes up to `error_len` bytes of text into `error`. */
typedef sluice_status (*sluice_plugin_init_fn)(const sluice_host_api* host, sluice_plugin_api* out,
                                               char* error, size_t error_len);

#ifdef __cplusplus
}
#endif

#endif /* SLUICE_PLUGIN_ABI_H_ */
