// Reading envelopes: round trips, Kafka's own test inputs, and malformed input with Kafka's
// messages.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "sluice/envelope.h"

namespace sluice {
namespace {

using envelope::Decode;
using envelope::Encode;

std::string DecodeError(const std::string& text) {
  try {
    Decode(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

void ExpectRoundTrip(const SchemaAndValue& sv, const envelope::Options& options = {}) {
  const std::string text = Encode(sv, options);
  SchemaAndValue back = Decode(text, options);
  EXPECT_TRUE(SchemaEquals(back.schema, sv.schema)) << text;
  EXPECT_EQ(back.value, sv.value) << text;
  EXPECT_EQ(Encode(back, options), text);
}

TEST(EnvelopeDecodeTest, KafkaTestInputs) {
  // Inputs from Kafka's JsonConverterTest, with whitespace and members left out.
  SchemaAndValue b = Decode(R"({ "schema": { "type": "boolean" }, "payload": true })");
  EXPECT_TRUE(SchemaEquals(b.schema, Schema::Of(SchemaType::kBoolean)));
  EXPECT_EQ(b.value, Value(true));

  SchemaAndValue opt =
      Decode(R"({ "schema": { "type": "boolean", "optional": true }, "payload": null })");
  EXPECT_TRUE(SchemaEquals(opt.schema, Schema::Of(SchemaType::kBoolean, true)));
  EXPECT_TRUE(opt.value.is_null());

  SchemaAndValue def =
      Decode(R"({ "schema": { "type": "boolean", "default": true }, "payload": null })");
  EXPECT_TRUE(
      SchemaEquals(def.schema, SchemaBuilder(SchemaType::kBoolean).Default(Value(true)).Build()));
  EXPECT_EQ(def.value, Value(true));

  SchemaAndValue meta =
      Decode(R"({ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, )"
             R"("doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true })");
  EXPECT_TRUE(SchemaEquals(meta.schema, SchemaBuilder(SchemaType::kBoolean)
                                            .Name("bool")
                                            .Version(2)
                                            .Doc("the documentation")
                                            .Parameter("foo", "bar")
                                            .Build()));

  SchemaAndValue dec =
      Decode(R"({ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", )"
             R"("version": 1, "parameters": { "scale": "2" } }, "payload": "AJw=" })");
  EXPECT_TRUE(SchemaEquals(dec.schema, DecimalSchema(2)));
  EXPECT_EQ(decimal::Format(dec.value.as<Bytes>(), 2), "1.56");

  SchemaAndValue map = Decode(
      R"({ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, )"
      R"("payload": [ [1, 12], [2, 15] ] })");
  EXPECT_EQ(map.value, Value(MapEntries{{Value(int64_t{1}), Value(int64_t{12})},
                                        {Value(int64_t{2}), Value(int64_t{15})}}));

  SchemaAndValue st = Decode(
      R"({ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, )"
      R"({ "field": "field2", "type": "string" }] }, "payload": { "field2": "string", "field1": true } })");
  EXPECT_EQ(st.value, Value(StructFields{{"field1", Value(true)}, {"field2", Value("string")}}));
}

TEST(EnvelopeDecodeTest, RoundTripsEveryType) {
  ExpectRoundTrip({Schema::String(), Value("foo")});
  ExpectRoundTrip({Schema::Of(SchemaType::kInt8), Value(int64_t{-128})});
  ExpectRoundTrip({Schema::Of(SchemaType::kInt16), Value(int64_t{32767})});
  ExpectRoundTrip({Schema::Of(SchemaType::kInt32), Value(int64_t{INT32_MIN})});
  ExpectRoundTrip({Schema::Of(SchemaType::kInt64), Value(int64_t{INT64_MAX})});
  ExpectRoundTrip({Schema::Of(SchemaType::kFloat32), Value(static_cast<double>(0.1f))});
  ExpectRoundTrip({Schema::Of(SchemaType::kFloat64), Value(0.1 + 0.2)});
  ExpectRoundTrip({Schema::Of(SchemaType::kFloat64), Value(5e-324)});
  ExpectRoundTrip({Schema::Of(SchemaType::kFloat64), Value(-1e300)});
  ExpectRoundTrip({Schema::Of(SchemaType::kBoolean), Value(false)});
  ExpectRoundTrip({Schema::Bytes(), Value(Bytes{0, 1, 2, 0xFE, 0xFF})});
  ExpectRoundTrip({Schema::Bytes(), Value(Bytes{})});
  ExpectRoundTrip({Schema::OptionalString(), Value()});
  ExpectRoundTrip({Schema::String(), Value("quote \" backslash \\ newline \n \x01 é")});
  ExpectRoundTrip({DateSchema(), Value(int64_t{19844})});
  ExpectRoundTrip({TimeSchema(true), Value(int64_t{49500250})});
  ExpectRoundTrip({TimestampSchema(), Value(int64_t{1714571100250})});
  ExpectRoundTrip({DecimalSchema(3), Value(decimal::Parse("-12345678901234567890.123", 3))});
  envelope::Options numeric;
  numeric.decimal_format = envelope::DecimalFormat::kNumeric;
  ExpectRoundTrip({DecimalSchema(3), Value(decimal::Parse("-12345678901234567890.123", 3))},
                  numeric);
  ExpectRoundTrip({DecimalSchema(0), Value(decimal::Parse("7", 0))}, numeric);

  SchemaPtr inner =
      SchemaBuilder::Struct()
          .Name("inner")
          .Field("n", Schema::Of(SchemaType::kInt32, true))
          .Field(
              "m",
              SchemaBuilder::Map(Schema::Of(SchemaType::kInt64), Schema::OptionalString()).Build())
          .Build();
  SchemaPtr outer =
      SchemaBuilder::Struct()
          .Name("outer")
          .Version(4)
          .Doc("d")
          .Field("inner", inner)
          .Field("list", SchemaBuilder::Array(inner).Optional().Build())
          .Field("dflt", SchemaBuilder(SchemaType::kString).Default(Value("x")).Build())
          .Build();
  Value inner_value(StructFields{
      {"n", Value()},
      {"m", Value(MapEntries{{Value(int64_t{5}), Value("five")}, {Value(int64_t{6}), Value()}})}});
  ExpectRoundTrip({outer, Value(StructFields{{"inner", inner_value},
                                             {"list", Value(Array{inner_value, inner_value})},
                                             {"dflt", Value("y")}})});
}

TEST(EnvelopeDecodeTest, SchemalessPayloads) {
  EXPECT_TRUE(Decode(R"({"schema":null,"payload":null})").value.is_null());
  SchemaAndValue sv = Decode(R"({"schema":null,"payload":[1,"2",3.5,true,{"b":1,"a":2}]})");
  EXPECT_EQ(sv.schema, nullptr);
  EXPECT_EQ(sv.value, Value(Array{Value(int64_t{1}), Value("2"), Value(3.5), Value(true),
                                  Value(MapEntries{{Value("b"), Value(int64_t{1})},
                                                   {Value("a"), Value(int64_t{2})}})}));
  // Integers beyond int64 read as double, as in a JSON document there is nothing wider.
  EXPECT_EQ(Decode(R"({"schema":null,"payload":18446744073709551615})").value,
            Value(18446744073709551615.0));
}

TEST(EnvelopeDecodeTest, NumbersReadExactly) {
  // Decimals keep every digit (the text is read, never a double).
  SchemaAndValue d = Decode(
      R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"4"}},)"
      R"("payload":123456789012345678901234567890.1234})");
  EXPECT_EQ(decimal::Format(d.value.as<Bytes>(), 4), "123456789012345678901234567890.1234");
  // A decimal with fewer digits is rescaled; with more, refused.
  d = Decode(
      R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":1.5})");
  EXPECT_EQ(decimal::Format(d.value.as<Bytes>(), 2), "1.50");
  EXPECT_NE(
      DecodeError(
          R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":1.555})")
          .find("Invalid value for Decimal field"),
      std::string::npos);
  // Integral values with a fraction part of zero are integers.
  EXPECT_EQ(Decode(R"({"schema":{"type":"int32"},"payload":12.0})").value, Value(int64_t{12}));
  EXPECT_EQ(Decode(R"({"schema":{"type":"float"},"payload":12.34})").value,
            Value(static_cast<double>(12.34f)));
  EXPECT_EQ(Decode(R"({"schema":{"type":"double"},"payload":12})").value, Value(12.0));
  EXPECT_TRUE(
      std::isnan(Decode(R"({"schema":{"type":"double"},"payload":"NaN"})").value.as<double>()));
  EXPECT_EQ(Decode(R"({"schema":{"type":"double"},"payload":"-Infinity"})").value,
            Value(-INFINITY));
}

TEST(EnvelopeDecodeTest, EnvelopeShapeErrors) {
  const std::string kEnvelope = envelope::kEnvelopeError;
  EXPECT_EQ(DecodeError(R"({"payload":1})"), kEnvelope);
  EXPECT_EQ(DecodeError(R"({"schema":null,"payload":1,"extra":2})"), kEnvelope);
  EXPECT_EQ(DecodeError(R"({"schema":null,"other":1})"), kEnvelope);
  EXPECT_EQ(DecodeError(R"([1,2])"), kEnvelope);
  EXPECT_EQ(DecodeError(R"("foo")"), kEnvelope);
  EXPECT_EQ(DecodeError(""), kEnvelope);
  EXPECT_EQ(kEnvelope,
            "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may "
            "not contain additional fields. If you are trying to deserialize plain JSON data, set "
            "schemas.enable=false in your converter configuration.");
  const std::string parse = DecodeError("{not json");
  EXPECT_EQ(parse.rfind(envelope::kParseErrorPrefix, 0), 0u) << parse;
  EXPECT_GT(parse.size(), std::string(envelope::kParseErrorPrefix).size()) << "no reason given";
}

TEST(EnvelopeDecodeTest, SchemaErrors) {
  EXPECT_EQ(DecodeError(R"({"schema":{"optional":true},"payload":1})"),
            "Schema must contain 'type' field");
  EXPECT_EQ(DecodeError(R"({"schema":"int32","payload":1})"), "Schema must contain 'type' field");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int128"},"payload":1})"),
            "Unknown schema type: int128");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"array"},"payload":[]})"),
            "Array schema did not specify the element type");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"map","values":{"type":"int32"}},"payload":{}})"),
            "Map schema did not specify the key type");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"map","keys":{"type":"int32"}},"payload":{}})"),
            "Map schema did not specify the value type");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"struct","fields":{}},"payload":{}})"),
            "Struct schema's \"fields\" argument is not an array.");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}})"),
            "Struct schema's field name not specified properly");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int32","parameters":{"a":1}},"payload":1})"),
            "Schema parameters must have string values.");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int32","default":null},"payload":1})"),
            "Invalid null value for required INT32 field");
}

TEST(EnvelopeDecodeTest, PayloadErrors) {
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int32"},"payload":null})"),
            "Invalid null value for required INT32 field");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int8"},"payload":300})"),
            "Value 300 out of range for INT8");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int64"},"payload":18446744073709551615})"),
            "Invalid value for INT64: 18446744073709551615 is not an integer in range");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int64"},"payload":1.5})"),
            "Invalid value for INT64: 1.5 is not an integer in range");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"int32"},"payload":"12"})"),
            "Invalid type for INT32: expected an integral number but found STRING");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"boolean"},"payload":1})"),
            "Invalid type for BOOLEAN: expected a boolean but found NUMBER");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"bytes"},"payload":"!!"})"), "Invalid bytes field");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},"payload":[]})"),
      "Maps with string fields should be encoded as JSON objects, but found ARRAY");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":{}})"),
      "Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[1]})"),
      "Found invalid map entry instead of array tuple: NUMBER");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[[1,2,3]]})"),
      "Found invalid map entry, expected length 2 but found :3");
  EXPECT_EQ(DecodeError(R"({"schema":{"type":"struct","fields":[]},"payload":"x"})"),
            "Structs should be encoded as JSON objects, but found STRING");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"struct","fields":[{"field":"a","type":"int32"}]},"payload":{}})"),
      "Invalid null value for required INT32 field");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":"x"})"),
      "Invalid type for Date, underlying representation should be integer but was STRING");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.5})"),
      "Invalid type for Timestamp, underlying representation should be integral but was NUMBER");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":true})"),
      "Invalid type for Decimal, underlying representation should be numeric or bytes but was "
      "BOOLEAN");
  EXPECT_EQ(
      DecodeError(
          R"({"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":"@@"})"),
      "Invalid bytes for Decimal field");
}

TEST(EnvelopeDecodeTest, ReplaceNullWithDefaultOff) {
  envelope::Options keep_null;
  keep_null.replace_null_with_default = false;
  const char* text = R"({"schema":{"type":"int32","optional":true,"default":5},"payload":null})";
  EXPECT_EQ(Decode(text).value, Value(int64_t{5}));
  EXPECT_TRUE(Decode(text, keep_null).value.is_null());
}

TEST(EnvelopeDecodeTest, Base64) {
  EXPECT_EQ(envelope::Base64Decode("dGVzdC1zdHJpbmc="),
            (Bytes{'t', 'e', 's', 't', '-', 's', 't', 'r', 'i', 'n', 'g'}));
  EXPECT_EQ(envelope::Base64Decode("/w=="), (Bytes{0xFF}));
  EXPECT_EQ(envelope::Base64Decode("/w"), (Bytes{0xFF}));  // padding may be left out
  EXPECT_EQ(envelope::Base64Decode(""), (Bytes{}));
  EXPECT_FALSE(envelope::Base64Decode("a"));
  EXPECT_FALSE(envelope::Base64Decode("ab!="));
  for (size_t n = 0; n < 7; ++n) {
    Bytes b;
    for (size_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(0xF0 + i));
    EXPECT_EQ(envelope::Base64Decode(envelope::Base64Encode(b)), b) << n;
  }
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// Kafka keeps schema parameters in insertion order (a LinkedHashMap) and JsonConverter writes
// them so: a Debezium decimal's "scale" and "connect.decimal.precision" come back as they went.
TEST(EnvelopeDecodeTest, ParametersKeepTheirOrderThroughARoundTrip) {
  for (const std::string params : {R"({"scale":"2","connect.decimal.precision":"10"})",
                                   R"({"connect.decimal.precision":"10","scale":"2"})"}) {
    const std::string text =
        R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":)" +
        params + R"(},"payload":"AJw="})";
    EXPECT_EQ(envelope::Encode(envelope::Decode(text)), text);
  }
}

TEST(EnvelopeDecodeTest, ParameterEqualityIgnoresOrder) {
  SchemaParameters a, b;
  a["scale"] = "2";
  a["connect.decimal.precision"] = "10";
  b["connect.decimal.precision"] = "10";
  b["scale"] = "2";
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.begin()->first, "scale");
  EXPECT_EQ(b.begin()->first, "connect.decimal.precision");
  b["scale"] = "3";
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// The fast reader of JSON strings agrees with the full parser wherever it answers, and leaves
// everything unusual to it.
TEST(EnvelopeDecodeTest, TheFastStringReaderAgreesWithTheParserOrDeclines) {
  const std::vector<std::string> accepted = {
      R"("")",
      R"("plain text")",
      R"("GET \"/index.html\" HTTP/1.1")",
      R"("back\\slash and \/ slash")",
      R"("\b\f\n\r\t")",
      R"("\u0041\u00e9\u20AC")",             // A, é, € from escapes
      R"("\ud83d\ude00 a surrogate pair")",  // U+1F600
  };
  for (const std::string& text : accepted) {
    std::string fast;
    ASSERT_TRUE(envelope::detail::ReadAsciiJsonString(text, fast)) << text;
    EXPECT_EQ(fast, envelope::ParseJson(text).get<std::string>()) << text;
  }
  const std::vector<std::string> declined = {
      R"(plain)",           // not a string
      R"("a" )",            // trailing bytes
      R"("a"b")",           // a quote inside
      "\"caf\xC3\xA9\"",    // non-ASCII bytes: the parser checks the UTF-8
      "\"tab\there\"",      // a raw control character
      R"("\x")",            // an unknown escape
      R"("\u12")",          // a short \u
      R"("\ud83d alone")",  // a high surrogate without its low one
      R"("\ude00")",        // a lone low surrogate
      R"("ends with \")",   // the escape eats the closing quote
  };
  for (const std::string& text : declined) {
    std::string fast;
    EXPECT_FALSE(envelope::detail::ReadAsciiJsonString(text, fast)) << text;
  }
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

// The word-at-a-time scan finds every byte that needs attention, wherever it sits in a word.
TEST(EnvelopeDecodeTest, ThePlainByteScanMissesNothing) {
  for (char special : {'"', '\\', '\x00', '\x1f', '\x80', '\xff'}) {
    for (size_t at = 0; at < 24; ++at) {
      std::string text(30, 'a');
      text[at] = special;
      const char* found = envelope::detail::SkipPlainJsonBytes(text.data(), text.data() + 30);
      EXPECT_EQ(found - text.data(), static_cast<std::ptrdiff_t>(at))
          << "byte " << static_cast<int>(static_cast<unsigned char>(special)) << " at " << at;
    }
  }
  const std::string plain(100, ' ');  // 0x20, the first byte that needs nothing
  EXPECT_EQ(envelope::detail::SkipPlainJsonBytes(plain.data(), plain.data() + 100),
            plain.data() + 100);
}

}  // namespace
}  // namespace sluice
