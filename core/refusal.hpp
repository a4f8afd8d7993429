// refusal.hpp — why the core said no: a stable rule name for machines and a
// sentence for people. The same text reaches the CLI, the API and the log.
// Never put a password or a hash in a refusal.
#pragma once
#include <optional>
#include <string>

namespace umind {

struct Refusal {
  std::string rule;     // stable identifier, e.g. "id.length"
  std::string message;  // one sentence naming the value and the rule broken
};

// A check returns nothing when the input is acceptable.
using Check = std::optional<Refusal>;

}  // namespace umind
