// listen_address.hpp — where a umind service listens: "unix:/path",
// "inet:PORT@HOST" (libmilter's form) or "inet:HOST:PORT", and the bare
// "HOST:PORT" of metrics.listen. Parsing only; sockets live in the daemon.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace umind {

struct ListenAddress {
  enum class Kind { unix_socket, inet };
  Kind kind = Kind::unix_socket;
  std::string path;  // unix
  std::string host;  // inet: a name or an address, without brackets
  std::uint16_t port = 0;

  // libmilter's smfi_setconn form: "unix:/path", "inet:PORT@HOST", "inet6:PORT@HOST".
  std::string milter_form() const;
  // For messages and logs: "unix:/path" or "HOST:PORT".
  std::string to_string() const;
  bool is_loopback() const;
};

// nullopt when the text is none of the accepted forms.
std::optional<ListenAddress> parse_listen_address(std::string_view text);
// "HOST:PORT" or "[V6]:PORT".
std::optional<ListenAddress> parse_host_port(std::string_view text);

}  // namespace umind
