#include "http/middleware/Middleware.h"

#include <random>

namespace arena::host {

std::string request_id_for(const Request& request) {
  if (auto given = request.header("x-request-id"); given && !given->empty() && given->size() <= 64) {
    bool sane = std::all_of(given->begin(), given->end(),
                            [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
    if (sane) return std::string(*given);
  }
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string id(16, '0');
  std::uint64_t bits = generator();
  for (char& c : id) {
    c = kDigits[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

}  // namespace arena::host
