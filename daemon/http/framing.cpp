// framing.cpp — framing_fault: Transfer-Encoding must be exactly "chunked".
#include "daemon/http/framing.hpp"

#include <vector>

namespace umind::http_detail {

namespace http = boost::beast::http;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The codings of every Transfer-Encoding field, in order; empty list
// elements are skipped (RFC 9110 §5.6.1).
std::vector<std::string_view> codings(const RequestHeader& header) {
  std::vector<std::string_view> out;
  auto [first, last] = header.equal_range(http::field::transfer_encoding);
  for (auto it = first; it != last; ++it) {
    std::string_view rest = sv(it->value());
    for (;;) {
      auto comma = rest.find(',');
      auto item = trim(rest.substr(0, comma));
      if (!item.empty()) out.push_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool is_chunked(std::string_view coding) {
  return boost::beast::iequals(boost::beast::string_view(coding.data(), coding.size()), "chunked");
}

}  // namespace

std::optional<FramingFault> framing_fault(const RequestHeader& header) {
  if (header.count(http::field::transfer_encoding) == 0) return std::nullopt;
  if (header.count(http::field::content_length) > 0)
    return FramingFault{400, "Transfer-Encoding together with Content-Length (RFC 9112 §6.3)"};
  if (header.version() < 11) return FramingFault{400, "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)"};
  auto list = codings(header);
  if (list.empty() || !is_chunked(list.back()))
    return FramingFault{400, "Transfer-Encoding must end with 'chunked' (RFC 9112 §6.3)"};
  for (std::size_t i = 0; i + 1 < list.size(); ++i)
    if (is_chunked(list[i])) return FramingFault{400, "Transfer-Encoding names 'chunked' twice (RFC 9112 §7)"};
  if (list.size() > 1) return FramingFault{501, "only the transfer coding 'chunked' is supported"};
  return std::nullopt;
}

}  // namespace umind::http_detail
