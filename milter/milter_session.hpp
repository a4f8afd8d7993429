// milter_session.hpp — one MTA connection's routing, free of libmilter: each
// RCPT is decided at once by core/routing (refusals answered with the exact
// §6 code), rewrites are collected and applied only at end of message
// (deduplicated by core/recipient_plan). One log line per decision: a
// refusal at once, every kept recipient (accepted, passed, rewritten) at end
// of message with the queue ID. A message's state starts at its
// first RCPT and ends at end of message or abort. The session touches the
// MTA only through MessageActions: milter_callbacks implements it with
// smfi_*, tests with a recording fake. No method lets an exception out: a
// failure is a tempfail, never an accept.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "core/guarded_shared_ptr.hpp"
#include "core/recipient_plan.hpp"
#include "core/routing.hpp"
#include "milter/decision_metrics.hpp"
#include "milter/replica/replica_view.hpp"

namespace umind::milter {

// What every session reads; shared, so a callback still running while the
// role stops keeps it alive.
struct MilterContext {
  MilterContext(replica::ReplicaView& v, const Clock& c, std::shared_ptr<const RoutingRules> r)
      : view(v), clock(c), rules(std::move(r)) {}
  replica::ReplicaView& view;
  const Clock& clock;
  GuardedSharedPtr<const RoutingRules> rules;  // replaced on reload
  DecisionMetrics metrics;
  std::atomic<int> connections{0};  // with a session hung on them
};

// The side effects a session may have on the MTA's message. A false return
// means the MTA refused the change.
class MessageActions {
 public:
  virtual ~MessageActions() = default;
  // The SMTP reply for the refusal about to be returned.
  virtual bool set_reply(std::string_view code, std::string_view enhanced, std::string_view text) = 0;
  // Envelope changes, allowed at end of message only. `address` as the MTA
  // gave it (delete) or in angle brackets (add).
  virtual bool add_recipient(std::string_view address) = 0;
  virtual bool delete_recipient(std::string_view address) = 0;
  // The MTA's queue ID for log lines; empty when it sent none.
  virtual std::string queue_id() const = 0;
};

// What the MTA is told after a callback.
enum class Verdict { proceed, reject, tempfail };

class MilterSession {
 public:
  Verdict on_recipient(MilterContext& c, std::string_view recipient, MessageActions& mta) noexcept;
  Verdict on_end_of_message(MilterContext& c, MessageActions& mta) noexcept;
  void on_abort() noexcept;

 private:
  Verdict decide(MilterContext& c, std::string_view recipient, MessageActions& mta);
  void apply_rewrites(MilterContext& c, MessageActions& mta) const;
  void clear() noexcept;

  std::vector<RecipientOutcome> recipients_;  // of the message in progress
  std::vector<std::string> notes_;            // explain() of each kept recipient, logged at end of message
};

}  // namespace umind::milter
