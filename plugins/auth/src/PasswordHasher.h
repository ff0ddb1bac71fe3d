#pragma once

#include <string>

namespace auth {

/// Argon2id password hashes (libsodium's crypto_pwhash_str: salt and parameters are encoded
/// in the hash string, so changing the cost later keeps old hashes verifiable).
class PasswordHasher {
 public:
  PasswordHasher(unsigned long long ops_limit, std::size_t mem_limit_bytes);
  /// A new hash of `password`. Throws std::runtime_error when out of memory.
  std::string hash(const std::string& password) const;
  /// Whether `password` matches `hash`; false for a malformed hash.
  bool verify(const std::string& password, const std::string& hash) const;
  /// Spends the time of one verify() for an unknown user, so the answer's timing does not
  /// tell whether the account exists.
  void verify_dummy(const std::string& password) const;
  /// Whether `hash` was made with other parameters than the current ones (rehash on login).
  bool needs_rehash(const std::string& hash) const;

 private:
  unsigned long long ops_limit_;
  std::size_t mem_limit_;
  std::string dummy_hash_;
};

}  // namespace auth
