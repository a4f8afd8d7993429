// milter_callbacks.cpp — envfrom / envrcpt / eom / abort / close.
#include "milter/milter_callbacks.hpp"

#include <string>
#include <vector>

#include "core/recipient_plan.hpp"
#include "core/text.hpp"
#include "base/log.hpp"

namespace umind::milter {
namespace {

std::atomic<std::shared_ptr<MilterContext>> current_context;

// The recipients of the message in progress on one MTA connection.
struct ConnectionState {
  std::vector<RecipientOutcome> recipients;
  std::vector<std::string> rewrite_notes;  // explain() of each rewrite, logged at EOM
  void reset() {
    recipients.clear();
    rewrite_notes.clear();
  }
};

// An empty directory for the time before the first snapshot: the core then
// answers 451 (freshness is unknown), or accepts if so configured.
class NoDirectory final : public Directory {
 public:
  std::optional<DirectoryEntry> find(std::string_view) const override { return std::nullopt; }
};

ConnectionState* state_of(SMFICTX* ctx, MilterContext& c) {
  auto* s = static_cast<ConnectionState*>(smfi_getpriv(ctx));
  if (s == nullptr) {
    s = new ConnectionState;
    if (smfi_setpriv(ctx, s) != MI_SUCCESS) {
      delete s;
      return nullptr;
    }
    c.connections.fetch_add(1, std::memory_order_relaxed);
  }
  return s;
}

std::string queue_id(SMFICTX* ctx) {
  const char* id = smfi_getsymval(ctx, const_cast<char*>("i"));
  return id != nullptr ? std::string(" [") + id + "]" : std::string();
}

// Runs a callback body; any exception is logged and becomes a tempfail.
template <class F>
sfsistat guarded(const char* where, F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    log_error(std::string("milter ") + where + ": " + e.what() + " (answered tempfail)");
  } catch (...) {
    log_error(std::string("milter ") + where + ": unknown error (answered tempfail)");
  }
  return SMFIS_TEMPFAIL;
}

sfsistat on_envfrom(SMFICTX* ctx, char** /*argv*/) {
  return guarded("envfrom", [&] {
    auto c = milter_context();
    if (!c) return SMFIS_TEMPFAIL;
    ConnectionState* s = state_of(ctx, *c);
    if (s == nullptr) return SMFIS_TEMPFAIL;
    s->reset();
    return SMFIS_CONTINUE;
  });
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) {
  return guarded("envrcpt", [&] {
    auto c = milter_context();
    if (!c || argv == nullptr || argv[0] == nullptr) return SMFIS_TEMPFAIL;
    ConnectionState* s = state_of(ctx, *c);
    if (s == nullptr) return SMFIS_TEMPFAIL;
    const std::string recipient = argv[0];

    auto started = std::chrono::steady_clock::now();
    TimePoint now = c->clock.now();
    auto rules = c->rules.load(std::memory_order_acquire);
    auto snapshot = c->view.snapshot();
    static const NoDirectory none;
    const Directory& dir = snapshot ? static_cast<const Directory&>(*snapshot) : none;
    RouteDecision d = route_recipient(*rules, dir, c->view.freshness(wall_clock_now()), recipient, now);
    c->metrics.record(d.route_case, std::chrono::steady_clock::now() - started);

    switch (d.action) {
      case RouteAction::pass:
      case RouteAction::accept: s->recipients.push_back({recipient, {}}); return SMFIS_CONTINUE;
      case RouteAction::rewrite:
        s->recipients.push_back({recipient, d.new_address});
        s->rewrite_notes.push_back(explain(d, recipient));
        return SMFIS_CONTINUE;
      case RouteAction::reject:
      case RouteAction::tempfail: break;
    }
    log_info("milter: " + explain(d, recipient));
    std::string code(d.smtp_code), enhanced(d.enhanced);
    if (smfi_setreply(ctx, code.data(), enhanced.data(), d.reply_text.data()) != MI_SUCCESS)
      log_error("milter: smfi_setreply refused " + code + " " + enhanced);
    return d.action == RouteAction::reject ? SMFIS_REJECT : SMFIS_TEMPFAIL;
  });
}

sfsistat on_eom(SMFICTX* ctx) {
  return guarded("eom", [&] {
    auto c = milter_context();
    if (!c) return SMFIS_TEMPFAIL;
    auto* s = static_cast<ConnectionState*>(smfi_getpriv(ctx));
    if (s == nullptr || s->rewrite_notes.empty()) return SMFIS_CONTINUE;
    RecipientPlan plan = plan_recipient_changes(s->recipients);
    for (auto& old : plan.remove)
      if (smfi_delrcpt(ctx, old.data()) != MI_SUCCESS) throw std::runtime_error("smfi_delrcpt " + quote_value(old));
    for (auto& added : plan.add)
      if (smfi_addrcpt(ctx, added.data()) != MI_SUCCESS) throw std::runtime_error("smfi_addrcpt " + quote_value(added));
    std::string id = queue_id(ctx);
    for (const auto& note : s->rewrite_notes) log_info("milter" + id + ": " + note);
    c->metrics.count_rewrites(s->rewrite_notes.size());
    s->reset();
    return SMFIS_CONTINUE;
  });
}

sfsistat on_abort(SMFICTX* ctx) {
  if (auto* s = static_cast<ConnectionState*>(smfi_getpriv(ctx))) s->reset();
  return SMFIS_CONTINUE;
}

sfsistat on_close(SMFICTX* ctx) {
  auto* s = static_cast<ConnectionState*>(smfi_getpriv(ctx));
  if (s != nullptr) {
    smfi_setpriv(ctx, nullptr);
    delete s;
    if (auto c = milter_context()) c->connections.fetch_sub(1, std::memory_order_relaxed);
  }
  return SMFIS_CONTINUE;
}

char filter_name[] = "umind";

}  // namespace

void set_milter_context(std::shared_ptr<MilterContext> c) { current_context.store(std::move(c)); }
std::shared_ptr<MilterContext> milter_context() { return current_context.load(std::memory_order_acquire); }

smfiDesc milter_description() {
  smfiDesc d{};
  d.xxfi_name = filter_name;
  d.xxfi_version = SMFI_VERSION;
  d.xxfi_flags = SMFIF_ADDRCPT | SMFIF_DELRCPT;
  d.xxfi_envfrom = on_envfrom;
  d.xxfi_envrcpt = on_envrcpt;
  d.xxfi_eom = on_eom;
  d.xxfi_abort = on_abort;
  d.xxfi_close = on_close;
  return d;
}

}  // namespace umind::milter
