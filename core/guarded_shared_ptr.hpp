// guarded_shared_ptr.hpp — a shared_ptr that one thread replaces while others
// read it (the config, the routing rules, the replica snapshot, the milter's
// context): load() hands out a copy, store() puts a new value in, both under
// a small mutex; what a reader loaded stays alive as long as it holds it.
//
// Used instead of std::atomic<std::shared_ptr>: libstdc++ 12 guards that one
// with a lock bit in the control-block pointer and, after load() read the
// object pointer, lets the bit go with memory_order_relaxed, so that read
// does not happen before the next store()'s write. ThreadSanitizer reports
// it (rightly, by the memory model; harmless on x86-64) and nothing in
// umind's code could be changed to avoid it. Here the lock is one TSan knows.
//
// The critical section is a pointer copy and a reference-count increment;
// the replaced value is released after the lock is let go (a snapshot's
// destructor may take a while). Thread-safe, constant-initializable.
#pragma once
#include <memory>
#include <mutex>
#include <utility>

namespace umind {

template <typename T>
class GuardedSharedPtr {
 public:
  constexpr GuardedSharedPtr() noexcept = default;
  explicit GuardedSharedPtr(std::shared_ptr<T> initial) noexcept : value_(std::move(initial)) {}
  GuardedSharedPtr(const GuardedSharedPtr&) = delete;
  GuardedSharedPtr& operator=(const GuardedSharedPtr&) = delete;

  std::shared_ptr<T> load() const noexcept {
    std::lock_guard lock(mutex_);
    return value_;
  }

  void store(std::shared_ptr<T> next) noexcept {
    {
      std::lock_guard lock(mutex_);
      value_.swap(next);
    }
    // `next` now holds the replaced value and releases it here, unlocked.
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<T> value_;
};

}  // namespace umind
