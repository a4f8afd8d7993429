// decision_bench.cpp — the milter's decision on a replica of N live IDs and
// N/10 old addresses (plus N/1000 lists): builds the replica through the
// same ReplicaBuilder the ldap_sync client feeds, reports the replica's RSS,
// then decides a mix of recipients (80% live IDs, 15% old addresses, 5%
// unknown) exactly as the RCPT callback does (snapshot load, freshness,
// route_recipient) on one thread: decisions/s and p50/p99/p99.9 latency.
// Exits 1 if any decision is not the expected one. No I/O but /proc.
//   milter_decision_bench [N]      (N defaults to 1000000)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "milter/replica/replica_builder.hpp"
#include "milter/replica/replica_view.hpp"

using namespace umind;
using namespace umind::replica;
using steady = std::chrono::steady_clock;

namespace {

long rss_kib(const char* field) {  // VmRSS or VmHWM of this process
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == field) {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

EntryUuid uuid_of(std::uint64_t n) {
  EntryUuid u;
  for (std::size_t i = 0; i < 8; ++i) u.bytes[i] = static_cast<unsigned char>(n >> (8 * i));
  u.bytes[8] = 0x11;
  return u;
}

// IDs shaped like UMIN's: 6-8 letters and digits, '-', an affiliation.
std::string id_of(std::uint64_t n) {
  static const char* suffixes[] = {"tky", "kyt", "osk", "ngy", "hok", "kyu", "com", "umin"};
  std::string s = "u" + std::to_string(n * 2654435761u % 100000000u);
  return s + "-" + suffixes[n % 8];
}

double seconds_since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::uint64_t aliases = n / 10, lists = n / 1000;
  const TimePoint now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const TimePoint until = now + std::chrono::hours(24 * 365);

  long rss0 = rss_kib("VmRSS:");
  auto t0 = steady::now();
  ReplicaBuilder builder;
  builder.begin_refresh(true);
  for (std::uint64_t i = 0; i < n; ++i) builder.upsert({uuid_of(i), id_of(i), DirectoryEntry::Type::live, {}, {}, false});
  for (std::uint64_t i = 0; i < aliases; ++i)
    builder.upsert({uuid_of(n + i), "old" + std::to_string(i) + "-x", DirectoryEntry::Type::alias, id_of(i * 7 % n),
                    until, true});
  for (std::uint64_t i = 0; i < lists; ++i)
    builder.upsert({uuid_of(n + aliases + i), "list" + std::to_string(i) + "-x", DirectoryEntry::Type::list,
                    "members" + std::to_string(i) + "@lists.example.org", {}, false});
  builder.end_present_phase();
  builder.end_refresh();
  ReplicaView view;
  view.publish(builder.publish());
  view.mark_live(now);
  double load_s = seconds_since(t0);
  long rss1 = rss_kib("VmRSS:");
  std::printf("replica: %llu live IDs + %llu old addresses + %llu lists built in %.2f s; RSS +%.1f MB (process %.1f MB, "
              "peak %.1f MB); tables %.1f MB\n",
              static_cast<unsigned long long>(n), static_cast<unsigned long long>(aliases),
              static_cast<unsigned long long>(lists), load_s, static_cast<double>(rss1 - rss0) / 1024.0,
              static_cast<double>(rss1) / 1024.0, static_cast<double>(rss_kib("VmHWM:")) / 1024.0,
              static_cast<double>(view.snapshot()->memory_bytes()) / 1048576.0);

  // The recipients, as an MTA sends them: "<id@umin.ac.jp>".
  std::mt19937_64 rng(42);
  const std::size_t samples = 1 << 20;
  std::vector<std::string> rcpts;
  std::vector<RouteAction> want;
  rcpts.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    auto roll = rng() % 100;
    if (roll < 80) {
      rcpts.push_back("<" + id_of(rng() % n) + "@umin.ac.jp>");
      want.push_back(RouteAction::accept);
    } else if (roll < 95 && aliases > 0) {
      rcpts.push_back("<old" + std::to_string(rng() % aliases) + "-x@umin.ac.jp>");
      want.push_back(RouteAction::rewrite);
    } else {
      rcpts.push_back("<nobody" + std::to_string(rng() % 1000) + "-x@umin.ac.jp>");
      want.push_back(RouteAction::reject);
    }
  }
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
  std::sort(ns.begin(), ns.end());
  auto pct = [&](double p) { return ns[static_cast<std::size_t>(p * static_cast<double>(samples - 1))]; };
  std::printf("decisions: %.0f /s on one thread (%.0f ns each); latency p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns, max %.0f ns\n",
              per_s, 1e9 / per_s, pct(0.50), pct(0.99), pct(0.999), ns.back());
  if (wrong != 0) {
    std::printf("FAIL: %zu decisions differ from what the replica holds\n", wrong);
    return 1;
  }
  std::printf("all %zu decisions as expected\n", 3 * samples);
  return 0;
}
