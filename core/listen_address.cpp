// listen_address.cpp — parsing of listener addresses.
#include "core/listen_address.hpp"

#include <charconv>

namespace umind {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view s) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool valid_host(std::string_view h) {
  if (h.empty() || h.size() > 253) return false;
  for (char c : h)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == ':' || c == '_'))
      return false;
  return true;
}

std::optional<ListenAddress> inet(std::string_view host, std::string_view port) {
  auto p = parse_port(port);
  if (!p || !valid_host(host)) return std::nullopt;
  ListenAddress a;
  a.kind = ListenAddress::Kind::inet;
  a.host = std::string(host);
  a.port = *p;
  return a;
}

}  // namespace

std::optional<ListenAddress> parse_host_port(std::string_view s) {
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':')
      return std::nullopt;
    return inet(s.substr(1, close - 1), s.substr(close + 2));
  }
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || s.substr(0, colon).find(':') != std::string_view::npos)
    return std::nullopt;
  return inet(s.substr(0, colon), s.substr(colon + 1));
}

std::optional<ListenAddress> parse_listen_address(std::string_view s) {
  for (std::string_view prefix : {"unix:", "local:"}) {
    if (s.starts_with(prefix)) {
      std::string_view path = s.substr(prefix.size());
      // sun_path holds 108 bytes including the terminating NUL.
      if (path.empty() || path.front() != '/' || path.size() > 107) return std::nullopt;
      ListenAddress a;
      a.path = std::string(path);
      return a;
    }
  }
  for (std::string_view prefix : {"inet:", "inet6:"}) {
    if (!s.starts_with(prefix)) continue;
    std::string_view rest = s.substr(prefix.size());
    auto at = rest.find('@');
    if (at != std::string_view::npos) return inet(rest.substr(at + 1), rest.substr(0, at));
    return parse_host_port(rest);
  }
  return std::nullopt;
}

std::string ListenAddress::milter_form() const {
  if (kind == Kind::unix_socket) return "unix:" + path;
  bool v6 = host.find(':') != std::string::npos;
  return std::string(v6 ? "inet6:" : "inet:") + std::to_string(port) + "@" + host;
}

std::string ListenAddress::to_string() const {
  if (kind == Kind::unix_socket) return "unix:" + path;
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

bool ListenAddress::is_loopback() const {
  if (kind == Kind::unix_socket) return true;
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace umind
