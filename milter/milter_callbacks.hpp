// milter_callbacks.hpp — the libmilter adapter: thin callbacks (envfrom,
// envrcpt, eom, abort, close) that find the connection's MilterSession (hung
// on smfi_setpriv at its first RCPT, freed at close) and hand it the message
// actions as smfi_* calls. No callback lets an exception escape (a failure
// is a tempfail, never an accept).
#pragma once
#include <memory>

#include <libmilter/mfapi.h>

#include "milter/milter_session.hpp"

namespace umind::milter {

// libmilter has one filter per process: the callbacks find their context
// here. Null: not serving (callbacks tempfail).
void set_milter_context(std::shared_ptr<MilterContext> c);
std::shared_ptr<MilterContext> milter_context();

// The filter description for smfi_register (name "umind").
smfiDesc milter_description();

}  // namespace umind::milter
