// What runs when a record sent through a Producer is delivered or has failed.
//
// A move-only callable, like std::function but with room for captures of up to four pointers
// inside the object: a source task sends every record with a callback that captures its runner
// and the record's ticket, and std::function (room for two) would allocate for each of them.
// Larger callables still work; they go to the heap.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace sluice::transport {

struct DeliveryReport;

class DeliveryCallback {
 public:
  DeliveryCallback() = default;
  DeliveryCallback(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): as std::function

  template <typename F, typename = std::enable_if_t<
                            !std::is_same_v<std::decay_t<F>, DeliveryCallback> &&
                            std::is_invocable_v<const std::decay_t<F>&, const DeliveryReport&>>>
  DeliveryCallback(F&& f) {  // NOLINT(google-explicit-constructor): takes lambdas as they are
    using Fn = std::decay_t<F>;
    if constexpr (sizeof(Fn) <= kInlineBytes && alignof(Fn) <= alignof(std::max_align_t) &&
                  std::is_nothrow_move_constructible_v<Fn>) {
      new (storage_) Fn(std::forward<F>(f));
      ops_ = &InlineOps<Fn>::kOps;
    } else {
      *reinterpret_cast<Fn**>(storage_) = new Fn(std::forward<F>(f));
      ops_ = &HeapOps<Fn>::kOps;
    }
  }

  DeliveryCallback(DeliveryCallback&& other) noexcept { MoveFrom(other); }
  DeliveryCallback& operator=(DeliveryCallback&& other) noexcept {
    if (this != &other) {
      Reset();
      MoveFrom(other);
    }
    return *this;
  }
  DeliveryCallback(const DeliveryCallback&) = delete;
  DeliveryCallback& operator=(const DeliveryCallback&) = delete;
  ~DeliveryCallback() { Reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  void operator()(const DeliveryReport& report) const { ops_->invoke(storage_, report); }

 private:
  static constexpr size_t kInlineBytes = 4 * sizeof(void*);

  struct Ops {
    void (*invoke)(const unsigned char* storage, const DeliveryReport& report);
    void (*move)(unsigned char* from, unsigned char* to) noexcept;  // and destroys `from`
    void (*destroy)(unsigned char* storage) noexcept;
  };

  template <typename Fn>
  struct InlineOps {
    static constexpr Ops kOps = {
        [](const unsigned char* s, const DeliveryReport& r) {
          (*std::launder(reinterpret_cast<const Fn*>(s)))(r);
        },
        [](unsigned char* from, unsigned char* to) noexcept {
          Fn* f = std::launder(reinterpret_cast<Fn*>(from));
          new (to) Fn(std::move(*f));
          f->~Fn();
        },
        [](unsigned char* s) noexcept { std::launder(reinterpret_cast<Fn*>(s))->~Fn(); }};
  };

  template <typename Fn>
  struct HeapOps {
    static constexpr Ops kOps = {
        [](const unsigned char* s, const DeliveryReport& r) {
          (**reinterpret_cast<Fn* const*>(s))(r);
        },
        [](unsigned char* from, unsigned char* to) noexcept {
          *reinterpret_cast<Fn**>(to) = *reinterpret_cast<Fn**>(from);
        },
        [](unsigned char* s) noexcept { delete *reinterpret_cast<Fn**>(s); }};
  };

  void MoveFrom(DeliveryCallback& other) noexcept {
    if (other.ops_ == nullptr) return;
    other.ops_->move(other.storage_, storage_);
    ops_ = other.ops_;
    other.ops_ = nullptr;
  }
  void Reset() noexcept {
    if (ops_ != nullptr) ops_->destroy(storage_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) mutable unsigned char storage_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace sluice::transport
