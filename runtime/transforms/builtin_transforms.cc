#include "transforms/builtin_transforms.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "transforms/catalog.h"

namespace sluice::transforms {
namespace {

constexpr const char* kTransformsPackage = "org.apache.kafka.connect.transforms.";
constexpr const char* kPredicatesPackage = "org.apache.kafka.connect.transforms.predicates.";

const std::vector<TransformationKind>& TransformationKinds() {
  static const std::vector<TransformationKind> kinds = {CastKind(),
                                                        DropHeadersKind(),
                                                        ExtractFieldKind(),
                                                        FilterKind(),
                                                        FlattenKind(),
                                                        HeaderFromKind(),
                                                        HoistFieldKind(),
                                                        InsertFieldKind(),
                                                        InsertHeaderKind(),
                                                        MaskFieldKind(),
                                                        RegexRouterKind(),
                                                        ReplaceFieldKind(),
                                                        SetSchemaMetadataKind(),
                                                        TimestampConverterKind(),
                                                        TimestampRouterKind(),
                                                        ValueToKeyKind()};
  return kinds;
}

const std::vector<PredicateKind>& PredicateKinds() {
  static const std::vector<PredicateKind> kinds = {HasHeaderKeyKind(), RecordIsTombstoneKind(),
                                                   TopicNameMatchesKind()};
  return kinds;
}

// One concrete class: a kind, and for kinds with variants, the side it works on.
struct Concrete {
  std::string class_name;
  std::string alias;
  const TransformationKind* transformation = nullptr;
  RecordPart part = RecordPart::kValue;
  const PredicateKind* predicate = nullptr;
};

const std::vector<Concrete>& ConcreteClasses() {
  static const std::vector<Concrete> classes = [] {
    std::vector<Concrete> out;
    for (const TransformationKind& kind : TransformationKinds()) {
      const std::string simple = kind.simple_name;
      if (kind.has_key_value_variants) {
        out.push_back({kTransformsPackage + simple + "$Key", simple + "$Key", &kind,
                       RecordPart::kKey, nullptr});
        out.push_back({kTransformsPackage + simple + "$Value", simple + "$Value", &kind,
                       RecordPart::kValue, nullptr});
      } else {
        out.push_back({kTransformsPackage + simple, simple, &kind, RecordPart::kValue, nullptr});
      }
    }
    for (const PredicateKind& kind : PredicateKinds()) {
      const std::string simple = kind.simple_name;
      out.push_back({kPredicatesPackage + simple, simple, nullptr, RecordPart::kValue, &kind});
    }
    return out;
  }();
  return classes;
}

const Concrete* FindConcrete(const std::string& name) {
  for (const Concrete& c : ConcreteClasses()) {
    if (c.class_name == name || c.alias == name) return &c;
  }
  return nullptr;
}

// "Did you mean ...": a kind named without its $Key/$Value variant.
const TransformationKind* FindAbstract(const std::string& name) {
  for (const TransformationKind& kind : TransformationKinds()) {
    if (kind.has_key_value_variants &&
        (name == kind.simple_name || name == kTransformsPackage + std::string(kind.simple_name))) {
      return &kind;
    }
  }
  return nullptr;
}

// Plugins' classes. Registered while the worker starts and read by every task: a mutex keeps
// the rare registration and the lookups apart.
struct Registered {
  std::mutex mu;
  std::vector<RegisteredTransform> entries;
};

Registered& Registry() {
  static Registered registered;
  return registered;
}

bool Names(const TransformInfo& info, const std::string& name) {
  return info.class_name == name ||
         std::find(info.aliases.begin(), info.aliases.end(), name) != info.aliases.end();
}

// The registered class named `name`, copied out under the lock; nullopt when none.
std::optional<RegisteredTransform> FindRegistered(const std::string& name) {
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const RegisteredTransform& entry : r.entries) {
    if (Names(entry.info, name)) return entry;
  }
  return std::nullopt;
}

}  // namespace

Status RegisterTransform(RegisteredTransform entry) {
  std::vector<std::string> names = entry.info.aliases;
  names.push_back(entry.info.class_name);
  for (const std::string& name : names) {
    if (FindConcrete(name) || FindAbstract(name) || FindRegistered(name)) {
      return Status::AlreadyExists("a transformation or predicate named " + name +
                                   " exists already");
    }
  }
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.entries.push_back(std::move(entry));
  return Status::OK();
}

std::string TransformClassName(const std::string& class_or_alias) {
  const std::string name = config_detail::Trim(class_or_alias);
  if (const Concrete* c = FindConcrete(name)) return c->class_name;
  if (auto registered = FindRegistered(name)) return registered->info.class_name;
  return name;
}

std::vector<TransformInfo> AvailableTransforms() {
  std::vector<TransformInfo> all = BuiltinTransforms();
  Registered& r = Registry();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const RegisteredTransform& entry : r.entries) all.push_back(entry.info);
  return all;
}

std::unique_ptr<DeclaredTransformation> MakeTransformation(const std::string& class_or_alias,
                                                           std::string& why_not) {
  const std::string name = config_detail::Trim(class_or_alias);
  if (const TransformationKind* kind = FindAbstract(name)) {
    const std::string base = kTransformsPackage + std::string(kind->simple_name);
    why_not = "Transformation is abstract and cannot be created. Did you mean " + base + "$Key, " +
              base + "$Value?";
    return nullptr;
  }
  const Concrete* c = FindConcrete(name);
  if (c == nullptr) {
    if (auto registered = FindRegistered(name)) {
      if (registered->make_transformation) return registered->make_transformation();
      why_not = "Not a Transformation";
      return nullptr;
    }
    why_not = "Class " + name + " could not be found.";
    return nullptr;
  }
  if (c->transformation == nullptr) {
    why_not = "Not a Transformation";
    return nullptr;
  }
  return c->transformation->make(c->part);
}

std::unique_ptr<DeclaredPredicate> MakePredicate(const std::string& class_or_alias,
                                                 std::string& why_not) {
  const std::string name = config_detail::Trim(class_or_alias);
  const Concrete* c = FindConcrete(name);
  if (c == nullptr && FindAbstract(name) == nullptr) {
    if (auto registered = FindRegistered(name)) {
      if (registered->make_predicate) return registered->make_predicate();
      why_not = "Not a Predicate";
      return nullptr;
    }
    why_not = "Class " + name + " could not be found.";
    return nullptr;
  }
  if (c == nullptr || c->predicate == nullptr) {
    why_not = "Not a Predicate";
    return nullptr;
  }
  return c->predicate->make();
}

const std::vector<TransformInfo>& BuiltinTransforms() {
  static const std::vector<TransformInfo> infos = [] {
    std::vector<TransformInfo> transformations, predicates;
    for (const Concrete& c : ConcreteClasses()) {
      if (c.transformation) {
        transformations.push_back(
            {c.class_name, {c.alias}, "transformation", c.transformation->definition(), ""});
      } else {
        predicates.push_back({c.class_name, {c.alias}, "predicate", c.predicate->definition(), ""});
      }
    }
    auto by_class = [](const TransformInfo& a, const TransformInfo& b) {
      return a.class_name < b.class_name;
    };
    std::sort(transformations.begin(), transformations.end(), by_class);
    std::sort(predicates.begin(), predicates.end(), by_class);
    transformations.insert(transformations.end(), predicates.begin(), predicates.end());
    return transformations;
  }();
  return infos;
}

Result<std::unique_ptr<Transformation>> NewTransformation(const std::string& class_or_alias) {
  std::string why_not;
  std::unique_ptr<Transformation> t = MakeTransformation(class_or_alias, why_not);
  if (!t) return Status::InvalidArgument(why_not);
  return t;
}

Result<std::unique_ptr<Predicate>> NewPredicate(const std::string& class_or_alias) {
  std::string why_not;
  std::unique_ptr<Predicate> p = MakePredicate(class_or_alias, why_not);
  if (!p) return Status::InvalidArgument(why_not);
  return p;
}

}  // namespace sluice::transforms
