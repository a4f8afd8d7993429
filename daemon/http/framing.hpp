// framing.hpp — internal to umind_http_server: the one rule for how a
// request's body is delimited (RFC 9112 §6). A header whose framing could be
// read two ways is refused before anything else, so no byte of it is ever
// taken for a second request (request smuggling). Pure: no I/O.
#pragma once
#include <optional>
#include <string>

#include "daemon/http/wire.hpp"

namespace umind::http_detail {

// Why the header's framing is refused: the status (400, or 501 for a
// transfer coding umind does not decode) and the message for the client.
struct FramingFault {
  unsigned status;
  std::string message;
};

// nullopt when the framing is unambiguous: no Transfer-Encoding, or exactly
// one coding, "chunked", without Content-Length, in HTTP/1.1. Anything else
// with Transfer-Encoding is a fault; the connection is closed after the answer.
std::optional<FramingFault> framing_fault(const RequestHeader& header);

}  // namespace umind::http_detail
