// How Connect data crosses the plugin ABI (sluice/abi_data.h): the common cases as raw bytes with
// their kind, everything else as a JsonConverter envelope, and each way back to equal data.
#include <gtest/gtest.h>

#include "sluice/abi_data.h"

namespace sluice {
namespace {

SchemaAndValue RoundTrip(const SchemaAndValue& sv, sluice_data_kind* kind = nullptr) {
  std::string storage;
  sluice_data d = abi::ToAbiData(sv, storage);
  if (kind) *kind = d.kind;
  return abi::FromAbiData(d);
}

TEST(AbiData, PlainStringsAndBytesTravelAsThemselves) {
  std::string storage;
  const SchemaAndValue text{Schema::String(), Value(std::string("hello"))};
  sluice_data d = abi::ToAbiData(text, storage);
  EXPECT_EQ(d.kind, SLUICE_DATA_STRING);
  EXPECT_EQ(abi::View(d.bytes), "hello");
  EXPECT_TRUE(storage.empty());  // no envelope was written

  sluice_data_kind kind;
  auto back = RoundTrip({Schema::OptionalString(), Value(std::string(""))}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_OPTIONAL_STRING);
  EXPECT_TRUE(back.schema->optional);
  EXPECT_EQ(back.value.as<std::string>(), "");

  back = RoundTrip({Schema::Bytes(), Value(Bytes{0, 1, 255})}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_BYTES);
  EXPECT_EQ(back.value.as<Bytes>(), (Bytes{0, 1, 255}));
  back = RoundTrip({Schema::OptionalBytes(), Value(Bytes{})}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_OPTIONAL_BYTES);
  EXPECT_TRUE(back.value.as<Bytes>().empty());
}

TEST(AbiData, SchemalessNullIsATombstoneAndATypedNullKeepsItsSchema) {
  sluice_data_kind kind;
  auto back = RoundTrip({}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_NULL);
  EXPECT_EQ(back.schema, nullptr);
  EXPECT_TRUE(back.value.is_null());

  back = RoundTrip({Schema::OptionalString(), Value()}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_ENVELOPE);
  ASSERT_NE(back.schema, nullptr);
  EXPECT_TRUE(back.schema->optional);
  EXPECT_TRUE(back.value.is_null());
}

TEST(AbiData, AnythingElseTravelsAsAnEnvelope) {
  auto schema = SchemaBuilder::Struct()
                    .Name("user")
                    .Field("id", Schema::Of(SchemaType::kInt64))
                    .Field("born", DateSchema(true))
                    .Build();
  const SchemaAndValue user{
      schema, Value(StructFields{{"id", Value(int64_t{7})}, {"born", Value(int32_t{19000})}})};
  sluice_data_kind kind;
  auto back = RoundTrip(user, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_ENVELOPE);
  EXPECT_TRUE(SchemaEquals(back.schema, schema));
  EXPECT_EQ(back.value, user.value);

  // A string schema with a name is not the plain fast path.
  auto named = SchemaBuilder(SchemaType::kString).Name("zip").Build();
  back = RoundTrip({named, Value(std::string("94110"))}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_ENVELOPE);
  EXPECT_EQ(*back.schema->name, "zip");

  // Schemaless data (a map) as well.
  back = RoundTrip({nullptr, Value(MapEntries{{Value("k"), Value(int64_t{1})}})}, &kind);
  EXPECT_EQ(kind, SLUICE_DATA_ENVELOPE);
  EXPECT_EQ(back.schema, nullptr);
}

TEST(AbiData, AMalformedEnvelopeOrKindIsAnError) {
  const std::string junk = "{not json";
  EXPECT_THROW(abi::FromAbiData({SLUICE_DATA_ENVELOPE, abi::Buffer(junk)}), std::invalid_argument);
  EXPECT_THROW(abi::FromAbiData({static_cast<sluice_data_kind>(99), {}}), std::invalid_argument);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// The null key of every record of a keyless topic: recognised as text, and exactly the envelope
// the JsonConverter would write, so a plugin that parses it gets the same answer.
TEST(AbiData, TheNullOptionalKeyEnvelopesAreTheCanonicalOnes) {
  for (const auto& schema : {Schema::OptionalString(), Schema::OptionalBytes()}) {
    std::string storage;
    const SchemaAndValue null_key{schema, Value()};
    sluice_data d = abi::ToAbiData(null_key, storage);
    ASSERT_EQ(d.kind, SLUICE_DATA_ENVELOPE);
    EXPECT_EQ(abi::View(d.bytes), envelope::Encode(null_key));
    EXPECT_TRUE(SchemaEquals(envelope::Decode(abi::View(d.bytes)).schema, schema));
    auto back = abi::FromAbiData(d);
    EXPECT_TRUE(SchemaEquals(back.schema, schema));
    EXPECT_TRUE(back.value.is_null());
  }
}

}  // namespace
}  // namespace sluice
