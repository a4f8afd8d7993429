// replica_records.hpp — small helpers to make replica records in tests.
#pragma once
#include <string>

#include "milter/replica/route_record.hpp"

namespace umind::test {

inline replica::EntryUuid uuid(unsigned n) {
  replica::EntryUuid u;
  for (std::size_t i = 0; i < 4; ++i) u.bytes[i] = static_cast<unsigned char>(n >> (8 * i));
  u.bytes[15] = 0x5a;
  return u;
}

inline replica::RouteRecord live_record(unsigned n, const std::string& id) {
  return {uuid(n), id, DirectoryEntry::Type::live, {}, {}, false};
}

inline replica::RouteRecord alias_record(unsigned n, const std::string& old_id, const std::string& target,
                                         TimePoint until, bool enabled = true) {
  return {uuid(n), old_id, DirectoryEntry::Type::alias, target, until, enabled};
}

inline replica::RouteRecord list_record(unsigned n, const std::string& name, const std::string& deliver_to) {
  return {uuid(n), name, DirectoryEntry::Type::list, deliver_to, {}, false};
}

}  // namespace umind::test
