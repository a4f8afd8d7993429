// test_guarded_shared_ptr.cpp — GuardedSharedPtr: load sees the last store,
// what a reader loaded outlives a store, the replaced value is released
// outside the lock (its destructor may load again), and readers racing a
// writer always see a whole, never older value (also a ThreadSanitizer case).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "core/guarded_shared_ptr.hpp"

using namespace umind;

TEST_CASE("GuardedSharedPtr: empty, then the last value stored") {
  GuardedSharedPtr<const int> held;
  CHECK(held.load() == nullptr);
  held.store(std::make_shared<const int>(1));
  held.store(std::make_shared<const int>(2));
  REQUIRE(held.load() != nullptr);
  CHECK(*held.load() == 2);
  held.store(nullptr);
  CHECK(held.load() == nullptr);
}

TEST_CASE("GuardedSharedPtr: a loaded value lives on until its reader lets it go") {
  GuardedSharedPtr<const int> held(std::make_shared<const int>(7));
  auto reader_copy = held.load();
  std::weak_ptr<const int> watch = reader_copy;
  held.store(std::make_shared<const int>(8));
  CHECK(*reader_copy == 7);
  reader_copy.reset();
  CHECK(watch.expired());
}

TEST_CASE("GuardedSharedPtr: the replaced value is released outside the lock") {
  GuardedSharedPtr<const int> held;
  bool loaded_in_destructor = false;
  // Its deleter loads from the same holder: under the lock, that would deadlock.
  held.store(std::shared_ptr<const int>(new int(1), [&](const int* p) {
    loaded_in_destructor = *held.load() == 2;
    delete p;
  }));
  held.store(std::make_shared<const int>(2));
  CHECK(loaded_in_destructor);
}

TEST_CASE("GuardedSharedPtr: readers racing a writer see every value whole, in order") {
  constexpr int last = 2000;
  GuardedSharedPtr<const std::vector<int>> held(std::make_shared<const std::vector<int>>(4, 0));
  std::atomic<int> bad{0};
  auto read_until_last = [&] {
    int seen = 0;
    while (seen < last) {
      auto v = held.load();
      if (v->size() != 4 || (*v)[0] != (*v)[3] || (*v)[0] < seen) bad.fetch_add(1);
      seen = (*v)[0];
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) readers.emplace_back(read_until_last);
  for (int value = 1; value <= last; ++value) held.store(std::make_shared<const std::vector<int>>(4, value));
  for (auto& t : readers) t.join();
  CHECK(bad.load() == 0);
}
