// decision_metrics.cpp — bumping and exporting the milter's counters.
#include "milter/decision_metrics.hpp"

#include <cstdio>

namespace umind::milter {

void DecisionMetrics::record(RouteCase c, std::chrono::nanoseconds took) noexcept {
  by_case_[static_cast<std::size_t>(c)].fetch_add(1, std::memory_order_relaxed);
  double s = static_cast<double>(took.count()) * 1e-9;
  std::size_t b = 0;
  while (b < bounds.size() && s > bounds[b]) ++b;
  buckets_[b].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(took.count()), std::memory_order_relaxed);
}

void DecisionMetrics::describe(Metrics& m) {
  m.describe("umind_milter_decisions_total", "counter", "milter decisions by row of the routing table (DESIGN 6)");
  m.describe("umind_milter_decision_seconds", "histogram", "time to decide one RCPT (replica lookup and rules)");
  m.describe("umind_milter_rewrites_total", "counter", "recipients replaced at end of message");
}

void DecisionMetrics::export_to(Metrics& m) const {
  for (std::size_t i = 0; i < case_count; ++i)
    m.set("umind_milter_decisions_total", {{"case", std::string(to_string(static_cast<RouteCase>(i)))}},
          static_cast<double>(by_case_[i].load(std::memory_order_relaxed)));
  std::vector<double> cumulative;
  double running = 0;
  for (const auto& b : buckets_) {
    running += static_cast<double>(b.load(std::memory_order_relaxed));
    cumulative.push_back(running);
  }
  m.set_histogram("umind_milter_decision_seconds", {bounds.begin(), bounds.end()}, cumulative,
                  static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) * 1e-9);
  m.set("umind_milter_rewrites_total", {}, static_cast<double>(rewrites_.load(std::memory_order_relaxed)));
}

}  // namespace umind::milter
