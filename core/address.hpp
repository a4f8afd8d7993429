// address.hpp — the envelope recipient as a milter sees it ("<x+tag@Umin.AC.jp>")
// split into what routing needs: local part, +detail, domain. Pure, never
// throws, never reads past its input: it runs on every RCPT TO.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace umind {

struct MailAddress {
  std::string_view local;   // as written (case kept); never empty
  std::string_view domain;  // as written, without a trailing dot; may be empty
};

// Accepts "<local@domain>", "local@domain", "<@a,@b:local@domain>" (source
// route dropped) and "<local>" (no domain). Refuses empty input, "<>",
// unbalanced brackets, an empty local part, control characters and whitespace
// outside a quoted local part. The views point into `text`.
std::optional<MailAddress> parse_mail_address(std::string_view text);

// For text that parse_mail_address refuses: the domain it is aimed at, as
// far as one can tell — what follows the last '@', without the closing '>',
// surrounding whitespace or control characters, and one trailing dot
// ("<a b@Umin.ac.jp.>" -> "Umin.ac.jp"). Empty when there is no '@'. Routing
// uses it to refuse (never pass) broken recipients in its own domains.
std::string_view apparent_domain(std::string_view text);

// The local part split at the first character of `delimiters` (Postfix's
// recipient_delimiter semantics): "taro-tky+news" -> {"taro-tky", "+news"}.
struct LocalPart {
  std::string_view base;
  std::string_view detail;  // including the delimiter; empty when none
};
LocalPart split_detail(std::string_view local, std::string_view delimiters);

// ASCII case-insensitive equality (domains, and local parts in our domains).
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace umind
