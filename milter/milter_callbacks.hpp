// milter_callbacks.hpp — the libmilter callbacks, thin over the core
// decision: RCPT is decided at once (rejects and tempfails go back in the
// SMTP dialogue with the exact §6 code), rewrites are collected per message
// and applied only at end of message (smfi_delrcpt/smfi_addrcpt, deduplicated
// by core/recipient_plan). Per-connection state hangs on smfi_setpriv, is
// reset in envfrom and abort, and freed in close. No callback lets an
// exception escape (a failure is a tempfail, never an accept).
#pragma once
#include <atomic>
#include <memory>

#include <libmilter/mfapi.h>

#include "core/routing.hpp"
#include "base/clock.hpp"
#include "milter/decision_metrics.hpp"
#include "milter/replica/replica_view.hpp"

namespace umind::milter {

// What every callback reads; shared, so a callback still running while the
// role stops keeps it alive.
struct MilterContext {
  MilterContext(replica::ReplicaView& v, const Clock& c, std::shared_ptr<const RoutingRules> r)
      : view(v), clock(c), rules(std::move(r)) {}
  replica::ReplicaView& view;
  const Clock& clock;
  std::atomic<std::shared_ptr<const RoutingRules>> rules;
  DecisionMetrics metrics;
  std::atomic<int> connections{0};  // with state hung on them
};

// libmilter has one filter per process: the callbacks find their context
// here. Null: not serving (callbacks tempfail).
void set_milter_context(std::shared_ptr<MilterContext> c);
std::shared_ptr<MilterContext> milter_context();

// The filter description for smfi_register (name "umind").
smfiDesc milter_description();

}  // namespace umind::milter
