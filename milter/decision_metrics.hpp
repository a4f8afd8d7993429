// decision_metrics.hpp — counters the milter threads bump without locks: one
// per §6 row (RouteCase) and a latency histogram of the decision (snapshot
// load + route_recipient). Copied into the Prometheus registry at scrape.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/routing.hpp"
#include "base/metrics.hpp"

namespace umind::milter {

class DecisionMetrics {
 public:
  static constexpr std::size_t case_count = static_cast<std::size_t>(RouteCase::unavailable_accepted) + 1;
  // Upper bounds of the latency buckets, in seconds (+Inf follows).
  static constexpr std::array<double, 10> bounds{1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 1e-3, 1e-2, 1e-1};

  void record(RouteCase c, std::chrono::nanoseconds took) noexcept;
  void count_rewrites(std::size_t n) noexcept { rewrites_.fetch_add(n, std::memory_order_relaxed); }
  // Declares the families and copies the current values into `m`.
  static void describe(Metrics& m);
  void export_to(Metrics& m) const;

 private:
  std::array<std::atomic<std::uint64_t>, case_count> by_case_{};
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_ns_{0};
  std::atomic<std::uint64_t> rewrites_{0};
};

}  // namespace umind::milter
