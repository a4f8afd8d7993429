// milter_session.cpp — RCPT decisions, end-of-message rewrites, and the
// guard that turns any failure into a tempfail.
#include "milter/milter_session.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>

#include "base/log.hpp"
#include "core/text.hpp"
#include "milter/route_decider.hpp"

namespace umind::milter {
namespace {

// "milter [QUEUE-ID]: TEXT", or "milter: TEXT" when the MTA sent no queue ID.
void log_decision(const std::string& queue_id, std::string_view text) {
  std::string line = queue_id.empty() ? std::string("milter: ") : "milter [" + queue_id + "]: ";
  line += text;
  log_info(line);
}

// Runs a step; any exception is logged and becomes a tempfail.
template <class F>
Verdict guarded(const char* where, F&& step) noexcept {
  try {
    return step();
  } catch (const std::exception& e) {
    log_error(std::string("milter ") + where + ": " + e.what() + " (answered tempfail)");
  } catch (...) {
    log_error(std::string("milter ") + where + ": unknown error (answered tempfail)");
  }
  return Verdict::tempfail;
}

}  // namespace

Verdict MilterSession::on_recipient(MilterContext& c, std::string_view recipient, MessageActions& mta) noexcept {
  const std::size_t recipients_before = recipients_.size();
  const std::size_t notes_before = notes_.size();
  Verdict v = guarded("envrcpt", [&] { return decide(c, recipient, mta); });
  if (v != Verdict::proceed) {  // a recipient the MTA does not keep is never rewritten
    recipients_.erase(recipients_.begin() + static_cast<std::ptrdiff_t>(recipients_before), recipients_.end());
    notes_.erase(notes_.begin() + static_cast<std::ptrdiff_t>(notes_before), notes_.end());
  }
  return v;
}

Verdict MilterSession::on_end_of_message(MilterContext& c, MessageActions& mta) noexcept {
  Verdict v = guarded("eom", [&] {
    apply_rewrites(c, mta);
    const std::string id = mta.queue_id();
    for (const auto& note : notes_) log_decision(id, note);
    return Verdict::proceed;
  });
  clear();
  return v;
}

void MilterSession::on_abort() noexcept { clear(); }

Verdict MilterSession::decide(MilterContext& c, std::string_view recipient, MessageActions& mta) {
  RouteDecision d = decide_recipient(c, recipient);

  switch (d.action) {
    case RouteAction::pass:
    case RouteAction::accept:
      recipients_.push_back({std::string(recipient), {}});
      notes_.push_back(explain(d, recipient));
      return Verdict::proceed;
    case RouteAction::rewrite:
      recipients_.push_back({std::string(recipient), d.new_address});
      notes_.push_back(explain(d, recipient));
      return Verdict::proceed;
    case RouteAction::reject:
    case RouteAction::tempfail: break;
  }
  log_decision(mta.queue_id(), explain(d, recipient));
  if (!mta.set_reply(d.smtp_code, d.enhanced, d.reply_text))
    log_error("milter: the MTA refused the reply " + std::string(d.smtp_code) + " " + std::string(d.enhanced));
  return d.action == RouteAction::reject ? Verdict::reject : Verdict::tempfail;
}

void MilterSession::apply_rewrites(MilterContext& c, MessageActions& mta) const {
  const auto rewrites = static_cast<std::size_t>(
      std::count_if(recipients_.begin(), recipients_.end(), [](const RecipientOutcome& r) { return !r.new_address.empty(); }));
  if (rewrites == 0) return;
  RecipientPlan plan = plan_recipient_changes(recipients_);
  for (const auto& old : plan.remove)
    if (!mta.delete_recipient(old)) throw std::runtime_error("the MTA refused to delete " + quote_value(old));
  for (const auto& added : plan.add)
    if (!mta.add_recipient(added)) throw std::runtime_error("the MTA refused to add " + quote_value(added));
  c.metrics.count_rewrites(rewrites);
}

void MilterSession::clear() noexcept {
  recipients_.clear();
  notes_.clear();
}

}  // namespace umind::milter
