// address.cpp — envelope address parsing for routing.
#include "core/address.hpp"

#include "core/text.hpp"

namespace umind {
namespace {

bool is_forbidden(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f || c == ' ' || c == '<' || c == '>';
}

}  // namespace

std::optional<MailAddress> parse_mail_address(std::string_view s) {
  if (!s.empty() && s.front() == '<') {
    if (s.size() < 2 || s.back() != '>') return std::nullopt;
    s = s.substr(1, s.size() - 2);
  }
  if (s.empty()) return std::nullopt;
  // RFC 5321 source route: "@a,@b:user@domain" — only the mailbox matters.
  if (s.front() == '@') {
    auto colon = s.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    s = s.substr(colon + 1);
    if (s.empty()) return std::nullopt;
  }
  // A quoted local part may hold '@' and spaces; the domain starts after it.
  std::size_t search_from = 0;
  if (s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (s[i] == '"') break;
    }
    if (i >= s.size()) return std::nullopt;
    for (std::size_t j = 1; j < i; ++j) {
      auto u = static_cast<unsigned char>(s[j]);
      if (u < 0x20 || u == 0x7f) return std::nullopt;
    }
    search_from = i + 1;
  }
  auto at = s.find('@', search_from);
  std::string_view local = s.substr(0, at);
  std::string_view domain = at == std::string_view::npos ? std::string_view{} : s.substr(at + 1);
  if (local.empty()) return std::nullopt;
  for (std::size_t j = search_from; j < local.size(); ++j)
    if (is_forbidden(local[j])) return std::nullopt;
  if (at != std::string_view::npos) {
    if (domain.empty()) return std::nullopt;
    for (char c : domain)
      if (is_forbidden(c) || c == '@') return std::nullopt;
    if (domain.back() == '.') domain.remove_suffix(1);
    if (domain.empty()) return std::nullopt;
  }
  return MailAddress{local, domain};
}

std::string_view apparent_domain(std::string_view text) {
  auto at = text.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string_view d = text.substr(at + 1);
  auto junk = [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '>'; };
  while (!d.empty() && junk(d.back())) d.remove_suffix(1);
  while (!d.empty() && junk(d.front())) d.remove_prefix(1);
  if (!d.empty() && d.back() == '.') d.remove_suffix(1);
  return d;
}

LocalPart split_detail(std::string_view local, std::string_view delimiters) {
  if (delimiters.empty()) return {local, {}};
  auto pos = local.find_first_of(delimiters);
  if (pos == std::string_view::npos) return {local, {}};
  return {local.substr(0, pos), local.substr(pos)};
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
  return true;
}

}  // namespace umind
