#include "PasswordHasher.h"

#include <sodium.h>
#include <stdexcept>

namespace auth {

PasswordHasher::PasswordHasher(unsigned long long ops_limit, std::size_t mem_limit_bytes)
    : ops_limit_(ops_limit), mem_limit_(mem_limit_bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  dummy_hash_ = hash("not a real password, only for timing");
}

std::string PasswordHasher::hash(const std::string& password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_limit_, mem_limit_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool PasswordHasher::verify(const std::string& password, const std::string& hash) const {
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verify_dummy(const std::string& password) const { (void)verify(password, dummy_hash_); }

bool PasswordHasher::needs_rehash(const std::string& hash) const {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), ops_limit_, mem_limit_) != 0;
}

}  // namespace auth
