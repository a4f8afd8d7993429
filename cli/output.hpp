// output.hpp — how uminctl answers: a line of text for people or one JSON
// object for machines (--json). Untrusted values are made safe here: JSON
// output never throws on invalid UTF-8.
#pragma once
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace umind::cli {

struct Output {
  bool json = false;

  // Prints `doc` as JSON when --json, else `text` (to stdout, or stderr for errors).
  void emit(const nlohmann::json& doc, const std::string& text, bool is_error = false) const {
    std::ostream& os = is_error && !json ? std::cerr : std::cout;
    if (json)
      os << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else
      os << text << "\n";
  }
};

}  // namespace umind::cli
