// route_record.hpp — the replica's names for the routing records of
// core/route_record.hpp, and the hash of an entryUUID its tables use.
#pragma once
#include <cstddef>

#include "core/route_record.hpp"

namespace umind::replica {

using ::umind::EntryUuid;
using ::umind::entry_uuid_from_bytes;
using ::umind::max_name_length;
using ::umind::max_target_length;
using ::umind::RouteRecord;

struct EntryUuidHash {
  std::size_t operator()(const EntryUuid& u) const noexcept;
};

}  // namespace umind::replica
