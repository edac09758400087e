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
 * Versioning: bump SLUICE_ABI_MINOR when appending fields to a table (or values to an enum that
 * only plugins send); bump SLUICE_ABI_MAJOR for any other change. tests/plugin_host/
 * abi_layout_test.cc pins the offsets of every field, so a field that moves fails the build.
 *
 * Minor versions:
 *   1.0  connectors and their tasks.
 *   1.1  components (converters, header converters, transformations and predicates: Kafka's other
 *        plugin types), with emit_bytes, emit_data and emit_connect_record for their results;
 *        sink_set_retry_timeout; source_offset_forget.
 */
#ifndef SLUICE_PLUGIN_ABI_H_
#define SLUICE_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_ABI_MAJOR 1
#define SLUICE_ABI_MINOR 1

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
  sluice_buffer source_offset_json;    /* JSON object; empty with a partition: a tombstone */
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

/* Since 1.1: the kinds of component class. Components work on records inside the worker's
 * pipeline (Kafka's Converter, HeaderConverter, Transformation and Predicate plugins). */
typedef enum sluice_component_type {
  SLUICE_COMPONENT_CONVERTER = 0,        /* key or value bytes <-> Connect data */
  SLUICE_COMPONENT_HEADER_CONVERTER = 1, /* header value bytes <-> Connect data */
  SLUICE_COMPONENT_TRANSFORMATION = 2,   /* a single message transform */
  SLUICE_COMPONENT_PREDICATE = 3         /* decides whether a transform applies to a record */
} sluice_component_type;

/* Since 1.1: a record as transformations and predicates see it (Kafka's ConnectRecord, for
 * source and sink records alike). All buffers are borrowed for the call. */
typedef struct sluice_connect_record {
  sluice_buffer topic;
  int32_t partition;    /* SLUICE_NO_PARTITION: not set */
  int64_t timestamp_ms; /* SLUICE_NO_TIMESTAMP: not set */
  sluice_data key;
  sluice_data value;
  const sluice_header* headers;
  size_t header_count;
  int64_t kafka_offset; /* a sink record's offset in its partition; -1 for source records */
} sluice_connect_record;

/* Opaque handles. `sluice_call` and `sluice_*_context` are host-owned; instances are
 * plugin-owned. */
typedef struct sluice_call sluice_call;
typedef struct sluice_connector_context sluice_connector_context;
typedef struct sluice_source_context sluice_source_context;
typedef struct sluice_sink_context sluice_sink_context;
typedef struct sluice_connector sluice_connector;
typedef struct sluice_task sluice_task;
typedef struct sluice_component sluice_component;

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

  /* --- since 1.1 --- */

  /* Converter hooks: the result bytes (copied); NULL for Kafka's null. */
  sluice_status (*emit_bytes)(sluice_call* call, const sluice_buffer* bytes);
  /* Converter hooks: the result data (copied). */
  sluice_status (*emit_data)(sluice_call* call, const sluice_data* data);
  /* transformation_apply: the changed record (copied). Emitting nothing drops the record. */
  sluice_status (*emit_connect_record)(sluice_call* call, const sluice_connect_record* record);
  /* Sink context: how long the host waits before it delivers again a batch whose put returned
   * SLUICE_RETRIABLE (Kafka's SinkTaskContext.timeout); 0 restores the host's own backoff. */
  void (*sink_set_retry_timeout)(sluice_sink_context* ctx, int64_t timeout_ms);
  /* Source context: deletes the stored offset of a source partition the task is done with for
   * good (a spool file completed), once every record emitted before this call is committed: a
   * tombstone, Kafka's null offset. Call it from the task's hooks. */
  void (*source_offset_forget)(sluice_source_context* ctx, sluice_buffer partition_json);
} sluice_host_api;

/* ---------------------------------------------------------------------------------------------
 * Plugin API: one class table per connector class the library provides.
 * ------------------------------------------------------------------------------------------- */

typedef struct sluice_connector_class {
  uint32_t struct_size;
  sluice_plugin_type type;
  const char* class_name;     /* e.g. "FileStreamSourceConnector"; static storage */
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
                                        const sluice_topic_partition_offset* current, size_t count);
  sluice_status (*sink_task_open)(sluice_task* t, sluice_call* call,
                                  const sluice_topic_partition_offset* partitions, size_t count);
  sluice_status (*sink_task_close)(sluice_task* t, sluice_call* call,
                                   const sluice_topic_partition_offset* partitions, size_t count);
  /* Wakes a blocked poll/put from another thread; the task returns soon. Optional. */
  void (*task_wakeup)(sluice_task* t);
  void (*task_destroy)(sluice_task* t); /* stops and frees */
} sluice_connector_class;

/* Since 1.1: one class table per component class the library provides. An instance is created
 * with its configuration and then used by one thread at a time; the host destroys it when its
 * task or connector goes. */
typedef struct sluice_component_class {
  uint32_t struct_size;
  sluice_component_type type;
  const char* class_name;     /* static storage, as for connector classes */
  const char* const* aliases; /* NULL-terminated list; may be NULL */
  const char* version;
  const char* config_def_json; /* the declared keys; the host validates a config before create */

  /* Required. `config_json`: the component's own keys (prefix removed) as a flat JSON object of
   * strings; `is_key`: for a converter, whether it converts keys (1) or values (0). */
  sluice_status (*create)(sluice_call* call, sluice_buffer config_json, int is_key,
                          sluice_component** out);
  void (*destroy)(sluice_component* c); /* required */

  /* Converters and header converters (required for them). `header_key` is empty for converters.
   * from_connect emits the bytes of `data` with emit_bytes; to_connect emits the data of `bytes`
   * (NULL for Kafka's null) with emit_data. */
  sluice_status (*from_connect)(sluice_component* c, sluice_call* call, sluice_buffer topic,
                                sluice_buffer header_key, const sluice_data* data);
  sluice_status (*to_connect)(sluice_component* c, sluice_call* call, sluice_buffer topic,
                              sluice_buffer header_key, const sluice_buffer* bytes);

  /* Transformations (required for them): emit the changed record, or nothing to drop it. */
  sluice_status (*transformation_apply)(sluice_component* c, sluice_call* call,
                                        const sluice_connect_record* record);

  /* Predicates (required for them): sets *matches to 1 when the record matches, else 0. */
  sluice_status (*predicate_test)(sluice_component* c, sluice_call* call,
                                  const sluice_connect_record* record, int* matches);
} sluice_component_class;

typedef struct sluice_plugin_api {
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size;
  const char* plugin_name; /* e.g. "file-source" */
  const sluice_connector_class* const* connector_classes;
  size_t connector_class_count;

  /* --- since 1.1 --- */
  const sluice_component_class* const* component_classes;
  size_t component_class_count;
} sluice_plugin_api;

/* The one exported symbol. Returns SLUICE_OK and fills `out` (whose struct_size the host set to
 * its own size) or returns an error and writes up to `error_len` bytes of text into `error`. */
typedef sluice_status (*sluice_plugin_init_fn)(const sluice_host_api* host, sluice_plugin_api* out,
                                               char* error, size_t error_len);

#ifdef __cplusplus
}
#endif

#endif /* SLUICE_PLUGIN_ABI_H_ */
