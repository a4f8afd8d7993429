// decision_bench.cpp — the milter's decision on a replica of N live IDs and
// N/10 old addresses (plus N/1000 lists): builds the replica through the
// same ReplicaBuilder the ldap_sync client feeds, reports the replica's RSS,
// then decides a mix of recipients (80% live IDs, 15% old addresses, 5%
// unknown) exactly as the RCPT callback does (snapshot load, freshness,
// route_recipient) on one thread: decisions/s and p50/p99/p99.9 latency.
// Exits 1 if any decision is not the expected one. No I/O but /proc.
//   milter_decision_bench [N]      (N defaults to 1000000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/milter/bench_replica.hpp"
#include "core/config.hpp"

using namespace umind;
using namespace umind::bench;
using steady = std::chrono::steady_clock;

namespace {

double seconds_since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::uint64_t aliases = n / 10, lists = n / 1000;
  const TimePoint now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  long rss0 = rss_kib("VmRSS:");
  auto t0 = steady::now();
  replica::ReplicaView view;
  build_replica(view, n, now);
  double load_s = seconds_since(t0);
  long rss1 = rss_kib("VmRSS:");
  std::printf("replica: %llu live IDs + %llu old addresses + %llu lists built in %.2f s; RSS +%.1f MB (process %.1f MB, "
              "peak %.1f MB); tables %.1f MB\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(aliases),
              static_cast<unsigned long long>(lists), load_s, static_cast<double>(rss1 - rss0) / 1024.0,
              static_cast<double>(rss1) / 1024.0, static_cast<double>(rss_kib("VmHWM:")) / 1024.0,
              static_cast<double>(view.snapshot()->memory_bytes()) / 1048576.0);

  // The recipients, as an MTA sends them: "<id@umin.ac.jp>".
  const std::size_t samples = 1 << 20;
  Recipients mix = recipient_mix(n, samples);
  std::vector<std::string> rcpts;
  rcpts.reserve(samples);
  for (const auto& a : mix.addresses) rcpts.push_back("<" + a + ">");
  const std::vector<RouteAction>& want = mix.want;
  RoutingRules rules = routing_rules(Config{});

  auto decide = [&](const std::string& rcpt) {
    auto snap = view.snapshot();
    return route_recipient(rules, *snap, view.freshness(now), rcpt, now).action;
  };
  // Throughput: every sample, twice, untimed inside.
  std::size_t wrong = 0;
  auto t1 = steady::now();
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < samples; ++i) wrong += decide(rcpts[i]) != want[i];
  double run_s = seconds_since(t1);
  double per_s = 2.0 * static_cast<double>(samples) / run_s;

  // Latency: each decision timed on its own.
  std::vector<double> ns(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    auto a = steady::now();
    wrong += decide(rcpts[i]) != want[i];
    ns[i] = std::chrono::duration<double, std::nano>(steady::now() - a).count();
  }
  Percentiles pct = percentiles(ns);
  std::printf("decisions: %.0f /s on one thread (%.0f ns each); latency p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns, max %.0f ns\n",
              per_s, 1e9 / per_s, pct.p50, pct.p99, pct.p999, pct.max);
  if (wrong != 0) {
    std::printf("FAIL: %zu decisions differ from what the replica holds\n", wrong);
    return 1;
  }
  std::printf("all %zu decisions as expected\n", 3 * samples);
  return 0;
}
