// route_decider.cpp — snapshot, freshness, rules, decision, metrics.
#include "milter/route_decider.hpp"

#include <chrono>

namespace umind::milter {
namespace {

// The directory before the first snapshot: the core then answers 451
// (freshness is unknown), or accepts if so configured.
class EmptyDirectory final : public Directory {
 public:
  std::optional<DirectoryEntry> find(std::string_view) const override { return std::nullopt; }
};

}  // namespace

RouteDecision decide_recipient(MilterContext& c, std::string_view recipient) {
  static const EmptyDirectory empty;
  const auto started = std::chrono::steady_clock::now();
  const auto rules = c.rules.load();
  const auto snapshot = c.view.snapshot();
  const Directory& dir = snapshot ? static_cast<const Directory&>(*snapshot) : empty;
  RouteDecision d = route_recipient(*rules, dir, c.view.freshness(wall_clock_now()), recipient, c.clock.now());
  c.metrics.record(d.route_case, std::chrono::steady_clock::now() - started);
  return d;
}

}  // namespace umind::milter
