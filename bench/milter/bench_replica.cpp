// bench_replica.cpp — building the benchmarks' replica and recipient mix.
#include "bench/milter/bench_replica.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "milter/replica/replica_builder.hpp"

namespace umind::bench {
namespace {

replica::EntryUuid uuid_of(std::uint64_t n) {
  replica::EntryUuid u;
  for (std::size_t i = 0; i < 8; ++i) u.bytes[i] = static_cast<unsigned char>(n >> (8 * i));
  u.bytes[8] = 0x11;
  return u;
}

}  // namespace

std::string id_of(std::uint64_t n) {
  static const char* suffixes[] = {"tky", "kyt", "osk", "ngy", "hok", "kyu", "com", "umin"};
  std::string s = "u" + std::to_string(n * 2654435761u % 100000000u);
  return s + "-" + suffixes[n % 8];
}

void build_replica(replica::ReplicaView& view, std::uint64_t n, TimePoint now) {
  using replica::ReplicaBuilder;
  const std::uint64_t aliases = n / 10, lists = n / 1000;
  const TimePoint until = now + std::chrono::hours(24 * 365);
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
  view.publish(builder.publish());
  view.mark_live(now);
}

long rss_kib(const char* field) {
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

Recipients recipient_mix(std::uint64_t n, std::size_t samples) {
  const std::uint64_t aliases = n / 10;
  std::mt19937_64 rng(42);
  Recipients r;
  r.addresses.reserve(samples);
  r.want.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    auto roll = rng() % 100;
    if (roll < 80) {
      r.addresses.push_back(id_of(rng() % n) + "@umin.ac.jp");
      r.want.push_back(RouteAction::accept);
    } else if (roll < 95 && aliases > 0) {
      r.addresses.push_back("old" + std::to_string(rng() % aliases) + "-x@umin.ac.jp");
      r.want.push_back(RouteAction::rewrite);
    } else {
      r.addresses.push_back("nobody" + std::to_string(rng() % 1000) + "-x@umin.ac.jp");
      r.want.push_back(RouteAction::reject);
    }
  }
  return r;
}

Percentiles percentiles(std::vector<double>& ns) {
  if (ns.empty()) return {0, 0, 0, 0};
  std::sort(ns.begin(), ns.end());
  auto at = [&](double p) { return ns[static_cast<std::size_t>(p * static_cast<double>(ns.size() - 1))]; };
  return {at(0.50), at(0.99), at(0.999), ns.back()};
}

}  // namespace umind::bench
