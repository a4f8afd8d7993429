// milter_callbacks.cpp — envrcpt / eom / abort / close over MilterSession,
// and MessageActions as smfi_* calls.
#include "milter/milter_callbacks.hpp"

#include <new>
#include <string>

#include "core/guarded_shared_ptr.hpp"

namespace umind::milter {
namespace {

constinit GuardedSharedPtr<MilterContext> current_context;  // set_milter_context

// MessageActions on one libmilter connection (copies: libmilter takes char*).
class SmfiActions final : public MessageActions {
 public:
  explicit SmfiActions(SMFICTX* ctx) : ctx_(ctx) {}
  bool set_reply(std::string_view code, std::string_view enhanced, std::string_view text) override {
    std::string c(code), e(enhanced), t(text);
    return smfi_setreply(ctx_, c.data(), e.data(), t.data()) == MI_SUCCESS;
  }
  bool add_recipient(std::string_view address) override {
    return smfi_addrcpt(ctx_, std::string(address).data()) == MI_SUCCESS;
  }
  bool delete_recipient(std::string_view address) override {
    return smfi_delrcpt(ctx_, std::string(address).data()) == MI_SUCCESS;
  }
  std::string queue_id() const override {
    const char* id = smfi_getsymval(ctx_, const_cast<char*>("i"));
    return id != nullptr ? id : "";
  }

 private:
  SMFICTX* ctx_;
};

sfsistat to_sfsistat(Verdict v) noexcept {
  switch (v) {
    case Verdict::proceed: return SMFIS_CONTINUE;
    case Verdict::reject: return SMFIS_REJECT;
    case Verdict::tempfail: return SMFIS_TEMPFAIL;
  }
  return SMFIS_TEMPFAIL;
}

MilterSession* session_of(SMFICTX* ctx) noexcept { return static_cast<MilterSession*>(smfi_getpriv(ctx)); }

// The connection's session, made at its first RCPT; null if none can be had.
MilterSession* session_for_recipient(SMFICTX* ctx, MilterContext& c) noexcept {
  if (MilterSession* s = session_of(ctx)) return s;
  auto* s = new (std::nothrow) MilterSession;
  if (s == nullptr) return nullptr;
  if (smfi_setpriv(ctx, s) != MI_SUCCESS) {
    delete s;
    return nullptr;
  }
  c.connections.fetch_add(1, std::memory_order_relaxed);
  return s;
}

sfsistat on_envrcpt(SMFICTX* ctx, char** argv) noexcept {
  auto c = milter_context();
  MilterSession* s = c ? session_for_recipient(ctx, *c) : nullptr;
  if (s == nullptr || argv == nullptr || argv[0] == nullptr) return SMFIS_TEMPFAIL;
  SmfiActions mta(ctx);
  return to_sfsistat(s->on_recipient(*c, argv[0], mta));
}

sfsistat on_eom(SMFICTX* ctx) noexcept {
  auto c = milter_context();
  MilterSession* s = session_of(ctx);
  if (s == nullptr) return c ? SMFIS_CONTINUE : SMFIS_TEMPFAIL;  // no RCPT seen: nothing to change
  if (!c) {
    s->on_abort();
    return SMFIS_TEMPFAIL;
  }
  SmfiActions mta(ctx);
  return to_sfsistat(s->on_end_of_message(*c, mta));
}

sfsistat on_abort(SMFICTX* ctx) noexcept {
  if (MilterSession* s = session_of(ctx)) s->on_abort();
  return SMFIS_CONTINUE;
}

// Over TCP only (see milter_description): answering DATA acknowledges the
// MTA's DATA-stage packet at once.
sfsistat on_data(SMFICTX*) noexcept { return SMFIS_CONTINUE; }

sfsistat on_close(SMFICTX* ctx) noexcept {
  if (MilterSession* s = session_of(ctx)) {
    smfi_setpriv(ctx, nullptr);
    delete s;
    if (auto c = milter_context()) c->connections.fetch_sub(1, std::memory_order_relaxed);
  }
  return SMFIS_CONTINUE;
}

char filter_name[] = "umind";

}  // namespace

void set_milter_context(std::shared_ptr<MilterContext> c) { current_context.store(std::move(c)); }
std::shared_ptr<MilterContext> milter_context() { return current_context.load(); }

// Callbacks left null are not negotiated: no connect, helo, envfrom, header
// or body events reach umind. DATA is asked for only over TCP: without it
// Postfix's smtpd sends the DATA-stage macros and expects no answer, so the
// milter's kernel acknowledges them only when its delayed-ACK timer fires
// (~40 ms); meanwhile Nagle holds the end-of-message packet that Postfix's
// cleanup writes on the same socket. One answered round trip instead of a
// ~40 ms stall per message (docs/BENCHMARKS.md ## milter). A unix socket has
// neither Nagle nor delayed ACKs, so there the round trip would be pure cost.
smfiDesc milter_description(bool over_tcp) {
  smfiDesc d{};
  if (over_tcp) d.xxfi_data = on_data;
  d.xxfi_name = filter_name;
  d.xxfi_version = SMFI_VERSION;
  d.xxfi_flags = SMFIF_ADDRCPT | SMFIF_DELRCPT;
  d.xxfi_envrcpt = on_envrcpt;
  d.xxfi_eom = on_eom;
  d.xxfi_abort = on_abort;
  d.xxfi_close = on_close;
  return d;
}

}  // namespace umind::milter
