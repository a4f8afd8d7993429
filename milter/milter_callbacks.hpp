// milter_callbacks.hpp — the libmilter adapter: thin callbacks (envrcpt,
// eom, abort, close) that find the connection's MilterSession (hung on
// smfi_setpriv at its first RCPT, freed at close) and hand it the message
// actions as smfi_* calls (and, over TCP only, a data callback that just
// continues). There is no envfrom callback: libmilter then
// negotiates SMFIP_NOMAIL, saving the MTA one round trip per message; a
// message's state starts at its first RCPT and ends at end of message or
// abort. No callback lets an exception escape (a failure is a tempfail,
// never an accept).
#pragma once
#include <memory>

#include <libmilter/mfapi.h>

#include "milter/milter_session.hpp"

namespace umind::milter {

// libmilter has one filter per process: the callbacks find their context
// here. Null: not serving (callbacks tempfail).
void set_milter_context(std::shared_ptr<MilterContext> c);
std::shared_ptr<MilterContext> milter_context();

// The filter description for smfi_register (name "umind"); over_tcp: the
// milter listens on inet:, so it also answers DATA (why: the .cpp).
smfiDesc milter_description(bool over_tcp);

}  // namespace umind::milter
