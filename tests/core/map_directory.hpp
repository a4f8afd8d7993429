// map_directory.hpp — a Directory over a std::map, for routing tests: the
// real replica comes with the milter issue, the decision logic is tested here.
#pragma once
#include <map>
#include <string>

#include "core/routing.hpp"

namespace umind::test {

struct StoredEntry {
  DirectoryEntry::Type type;
  std::string target;
  TimePoint forward_until{};
  bool forward_enabled = false;
};

class MapDirectory : public Directory {
 public:
  void live(const std::string& id) { entries_[id] = {DirectoryEntry::Type::live, {}}; }
  void list(const std::string& name, const std::string& deliver_to) {
    entries_[name] = {DirectoryEntry::Type::list, deliver_to};
  }
  void alias(const std::string& old_id, const std::string& target, TimePoint until, bool enabled = true) {
    entries_[old_id] = {DirectoryEntry::Type::alias, target, until, enabled};
  }
  std::optional<DirectoryEntry> find(std::string_view local) const override {
    ++lookups;
    auto it = entries_.find(std::string(local));
    if (it == entries_.end()) return std::nullopt;
    return DirectoryEntry{it->second.type, it->second.target, it->second.forward_until,
                          it->second.forward_enabled};
  }
  mutable int lookups = 0;

 private:
  std::map<std::string, StoredEntry> entries_;
};

}  // namespace umind::test
