// bench_replica.hpp — the replica the milter benchmarks decide on: N live
// IDs shaped like UMIN's, N/10 old addresses (forwarding on, a year left)
// and N/1000 lists, built through the same ReplicaBuilder the ldap_sync
// client feeds, and a mix of recipients with the answer each must get.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/routing.hpp"
#include "milter/replica/replica_view.hpp"

namespace umind::bench {

// "u12345678-tky": IDs shaped like UMIN's (6-8 letters and digits, '-', an affiliation).
std::string id_of(std::uint64_t n);

// Publishes the replica into `view` and marks it live at `now`.
void build_replica(replica::ReplicaView& view, std::uint64_t n, TimePoint now);

// VmRSS: or VmHWM: of this process, in KiB (-1 if unreadable).
long rss_kib(const char* field);

// Recipients as an MTA sends them (80% live IDs, 15% old addresses, 5%
// unknown), each with the action the replica must decide.
struct Recipients {
  std::vector<std::string> addresses;  // "id@umin.ac.jp", no angle brackets
  std::vector<RouteAction> want;
};
Recipients recipient_mix(std::uint64_t n, std::size_t samples);

// Latency percentiles of `ns` (sorted in place), in nanoseconds.
struct Percentiles {
  double p50, p99, p999, max;
};
Percentiles percentiles(std::vector<double>& ns);

}  // namespace umind::bench
