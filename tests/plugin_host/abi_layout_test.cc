// The plugin ABI's layout, pinned: a plugin built against an older minor reads and writes these
// offsets, so a field that moves (rather than being appended) breaks every such plugin. Changing
// any number here is a major version change (plugin_abi.h, Versioning). LP64 (x86-64, aarch64).
#include <gtest/gtest.h>

#include <cstddef>

#include "sluice/plugin_abi.h"

namespace {

static_assert(sizeof(void*) == 8, "the pinned layout is LP64's");

// ABI 1.0
static_assert(sizeof(sluice_buffer) == 16, "moved: sizeof(sluice_buffer)");
static_assert(sizeof(sluice_data) == 24, "moved: sizeof(sluice_data)");
static_assert(sizeof(sluice_header) == 40, "moved: sizeof(sluice_header)");
static_assert(offsetof(sluice_source_record, topic) == 0,
              "moved: offsetof(sluice_source_record, topic)");
static_assert(offsetof(sluice_source_record, partition) == 16,
              "moved: offsetof(sluice_source_record, partition)");
static_assert(offsetof(sluice_source_record, timestamp_ms) == 24,
              "moved: offsetof(sluice_source_record, timestamp_ms)");
static_assert(offsetof(sluice_source_record, key) == 32,
              "moved: offsetof(sluice_source_record, key)");
static_assert(offsetof(sluice_source_record, value) == 56,
              "moved: offsetof(sluice_source_record, value)");
static_assert(offsetof(sluice_source_record, headers) == 80,
              "moved: offsetof(sluice_source_record, headers)");
static_assert(offsetof(sluice_source_record, header_count) == 88,
              "moved: offsetof(sluice_source_record, header_count)");
static_assert(offsetof(sluice_source_record, source_partition_json) == 96,
              "moved: offsetof(sluice_source_record, source_partition_json)");
static_assert(offsetof(sluice_source_record, source_offset_json) == 112,
              "moved: offsetof(sluice_source_record, source_offset_json)");
static_assert(sizeof(sluice_source_record) == 128, "moved: sizeof(sluice_source_record)");
static_assert(offsetof(sluice_sink_record, topic) == 0,
              "moved: offsetof(sluice_sink_record, topic)");
static_assert(offsetof(sluice_sink_record, partition) == 16,
              "moved: offsetof(sluice_sink_record, partition)");
static_assert(offsetof(sluice_sink_record, offset) == 24,
              "moved: offsetof(sluice_sink_record, offset)");
static_assert(offsetof(sluice_sink_record, timestamp_ms) == 32,
              "moved: offsetof(sluice_sink_record, timestamp_ms)");
static_assert(offsetof(sluice_sink_record, key) == 40, "moved: offsetof(sluice_sink_record, key)");
static_assert(offsetof(sluice_sink_record, value) == 64,
              "moved: offsetof(sluice_sink_record, value)");
static_assert(offsetof(sluice_sink_record, headers) == 88,
              "moved: offsetof(sluice_sink_record, headers)");
static_assert(offsetof(sluice_sink_record, header_count) == 96,
              "moved: offsetof(sluice_sink_record, header_count)");
static_assert(sizeof(sluice_sink_record) == 104, "moved: sizeof(sluice_sink_record)");
static_assert(sizeof(sluice_topic_partition_offset) == 32,
              "moved: sizeof(sluice_topic_partition_offset)");
static_assert(offsetof(sluice_host_api, set_error) == 16,
              "moved: offsetof(sluice_host_api, set_error)");
static_assert(offsetof(sluice_host_api, log) == 24, "moved: offsetof(sluice_host_api, log)");
static_assert(offsetof(sluice_host_api, emit_task_config) == 32,
              "moved: offsetof(sluice_host_api, emit_task_config)");
static_assert(offsetof(sluice_host_api, emit_source_record) == 40,
              "moved: offsetof(sluice_host_api, emit_source_record)");
static_assert(offsetof(sluice_host_api, emit_commit_offset) == 48,
              "moved: offsetof(sluice_host_api, emit_commit_offset)");
static_assert(offsetof(sluice_host_api, request_task_reconfiguration) == 56,
              "moved: offsetof(sluice_host_api, request_task_reconfiguration)");
static_assert(offsetof(sluice_host_api, source_offset_read) == 64,
              "moved: offsetof(sluice_host_api, source_offset_read)");
static_assert(offsetof(sluice_host_api, sink_seek) == 72,
              "moved: offsetof(sluice_host_api, sink_seek)");
static_assert(offsetof(sluice_host_api, sink_pause) == 80,
              "moved: offsetof(sluice_host_api, sink_pause)");
static_assert(offsetof(sluice_host_api, sink_resume) == 88,
              "moved: offsetof(sluice_host_api, sink_resume)");
static_assert(offsetof(sluice_host_api, sink_request_commit) == 96,
              "moved: offsetof(sluice_host_api, sink_request_commit)");
static_assert(offsetof(sluice_host_api, sink_assignment) == 104,
              "moved: offsetof(sluice_host_api, sink_assignment)");
static_assert(offsetof(sluice_host_api, sink_report_errant) == 112,
              "moved: offsetof(sluice_host_api, sink_report_errant)");

// ABI 1.1: appended to the host table
static_assert(offsetof(sluice_host_api, emit_bytes) == 120,
              "moved: offsetof(sluice_host_api, emit_bytes)");
static_assert(offsetof(sluice_host_api, emit_data) == 128,
              "moved: offsetof(sluice_host_api, emit_data)");
static_assert(offsetof(sluice_host_api, emit_connect_record) == 136,
              "moved: offsetof(sluice_host_api, emit_connect_record)");
static_assert(offsetof(sluice_host_api, sink_set_retry_timeout) == 144,
              "moved: offsetof(sluice_host_api, sink_set_retry_timeout)");
static_assert(offsetof(sluice_host_api, source_offset_forget) == 152,
              "moved: offsetof(sluice_host_api, source_offset_forget)");
static_assert(sizeof(sluice_host_api) == 160, "moved: sizeof(sluice_host_api)");
static_assert(offsetof(sluice_connector_class, type) == 4,
              "moved: offsetof(sluice_connector_class, type)");
static_assert(offsetof(sluice_connector_class, class_name) == 8,
              "moved: offsetof(sluice_connector_class, class_name)");
static_assert(offsetof(sluice_connector_class, aliases) == 16,
              "moved: offsetof(sluice_connector_class, aliases)");
static_assert(offsetof(sluice_connector_class, version) == 24,
              "moved: offsetof(sluice_connector_class, version)");
static_assert(offsetof(sluice_connector_class, config_def_json) == 32,
              "moved: offsetof(sluice_connector_class, config_def_json)");
static_assert(offsetof(sluice_connector_class, connector_create) == 40,
              "moved: offsetof(sluice_connector_class, connector_create)");
static_assert(offsetof(sluice_connector_class, connector_validate) == 48,
              "moved: offsetof(sluice_connector_class, connector_validate)");
static_assert(offsetof(sluice_connector_class, connector_task_configs) == 56,
              "moved: offsetof(sluice_connector_class, connector_task_configs)");
static_assert(offsetof(sluice_connector_class, connector_destroy) == 64,
              "moved: offsetof(sluice_connector_class, connector_destroy)");
static_assert(offsetof(sluice_connector_class, source_task_create) == 72,
              "moved: offsetof(sluice_connector_class, source_task_create)");
static_assert(offsetof(sluice_connector_class, sink_task_create) == 80,
              "moved: offsetof(sluice_connector_class, sink_task_create)");
static_assert(offsetof(sluice_connector_class, source_task_poll) == 88,
              "moved: offsetof(sluice_connector_class, source_task_poll)");
static_assert(offsetof(sluice_connector_class, source_task_commit) == 96,
              "moved: offsetof(sluice_connector_class, source_task_commit)");
static_assert(offsetof(sluice_connector_class, sink_task_put) == 104,
              "moved: offsetof(sluice_connector_class, sink_task_put)");
static_assert(offsetof(sluice_connector_class, sink_task_pre_commit) == 112,
              "moved: offsetof(sluice_connector_class, sink_task_pre_commit)");
static_assert(offsetof(sluice_connector_class, sink_task_open) == 120,
              "moved: offsetof(sluice_connector_class, sink_task_open)");
static_assert(offsetof(sluice_connector_class, sink_task_close) == 128,
              "moved: offsetof(sluice_connector_class, sink_task_close)");
static_assert(offsetof(sluice_connector_class, task_wakeup) == 136,
              "moved: offsetof(sluice_connector_class, task_wakeup)");
static_assert(offsetof(sluice_connector_class, task_destroy) == 144,
              "moved: offsetof(sluice_connector_class, task_destroy)");
static_assert(sizeof(sluice_connector_class) == 152, "moved: sizeof(sluice_connector_class)");

// ABI 1.1: new structs
static_assert(offsetof(sluice_connect_record, topic) == 0,
              "moved: offsetof(sluice_connect_record, topic)");
static_assert(offsetof(sluice_connect_record, partition) == 16,
              "moved: offsetof(sluice_connect_record, partition)");
static_assert(offsetof(sluice_connect_record, timestamp_ms) == 24,
              "moved: offsetof(sluice_connect_record, timestamp_ms)");
static_assert(offsetof(sluice_connect_record, key) == 32,
              "moved: offsetof(sluice_connect_record, key)");
static_assert(offsetof(sluice_connect_record, value) == 56,
              "moved: offsetof(sluice_connect_record, value)");
static_assert(offsetof(sluice_connect_record, headers) == 80,
              "moved: offsetof(sluice_connect_record, headers)");
static_assert(offsetof(sluice_connect_record, header_count) == 88,
              "moved: offsetof(sluice_connect_record, header_count)");
static_assert(offsetof(sluice_connect_record, kafka_offset) == 96,
              "moved: offsetof(sluice_connect_record, kafka_offset)");
static_assert(sizeof(sluice_connect_record) == 104, "moved: sizeof(sluice_connect_record)");
static_assert(offsetof(sluice_component_class, type) == 4,
              "moved: offsetof(sluice_component_class, type)");
static_assert(offsetof(sluice_component_class, class_name) == 8,
              "moved: offsetof(sluice_component_class, class_name)");
static_assert(offsetof(sluice_component_class, aliases) == 16,
              "moved: offsetof(sluice_component_class, aliases)");
static_assert(offsetof(sluice_component_class, version) == 24,
              "moved: offsetof(sluice_component_class, version)");
static_assert(offsetof(sluice_component_class, config_def_json) == 32,
              "moved: offsetof(sluice_component_class, config_def_json)");
static_assert(offsetof(sluice_component_class, create) == 40,
              "moved: offsetof(sluice_component_class, create)");
static_assert(offsetof(sluice_component_class, destroy) == 48,
              "moved: offsetof(sluice_component_class, destroy)");
static_assert(offsetof(sluice_component_class, from_connect) == 56,
              "moved: offsetof(sluice_component_class, from_connect)");
static_assert(offsetof(sluice_component_class, to_connect) == 64,
              "moved: offsetof(sluice_component_class, to_connect)");
static_assert(offsetof(sluice_component_class, transformation_apply) == 72,
              "moved: offsetof(sluice_component_class, transformation_apply)");
static_assert(offsetof(sluice_component_class, predicate_test) == 80,
              "moved: offsetof(sluice_component_class, predicate_test)");
static_assert(sizeof(sluice_component_class) == 88, "moved: sizeof(sluice_component_class)");
static_assert(offsetof(sluice_plugin_api, plugin_name) == 16,
              "moved: offsetof(sluice_plugin_api, plugin_name)");
static_assert(offsetof(sluice_plugin_api, connector_classes) == 24,
              "moved: offsetof(sluice_plugin_api, connector_classes)");
static_assert(offsetof(sluice_plugin_api, connector_class_count) == 32,
              "moved: offsetof(sluice_plugin_api, connector_class_count)");
// ABI 1.1: appended to the plugin table
static_assert(offsetof(sluice_plugin_api, component_classes) == 40,
              "moved: offsetof(sluice_plugin_api, component_classes)");
static_assert(offsetof(sluice_plugin_api, component_class_count) == 48,
              "moved: offsetof(sluice_plugin_api, component_class_count)");
static_assert(sizeof(sluice_plugin_api) == 56, "moved: sizeof(sluice_plugin_api)");

TEST(PluginAbi, LayoutIsPinned) {
  // The checks above run at compile time; this names them in the test list.
  EXPECT_EQ(SLUICE_ABI_MAJOR, 1);
  EXPECT_EQ(SLUICE_ABI_MINOR, 1);
}

}  // namespace
