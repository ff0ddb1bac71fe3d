// Unit tests of the plugin's logic: tokens, password hashing, validation, rate limiting.
#include "AccessTokens.h"
#include "PasswordHasher.h"
#include "RateLimiter.h"
#include "Validation.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

TEST(AccessTokensTest, IssuesAndVerifiesClaims) {
  auth::AccessTokens tokens("0123456789abcdef0123456789abcdef", "iss", "aud", 60s);
  arena::Principal principal{"6f1d7c1e-0000-4000-8000-000000000001", "ada", arena::Role::Moderator, ""};
  auto check = tokens.verify(tokens.issue(principal));
  ASSERT_TRUE(check.principal) << check.error;
  EXPECT_EQ(check.principal->user_id, principal.user_id);
  EXPECT_EQ(check.principal->username, "ada");
  EXPECT_EQ(check.principal->role, arena::Role::Moderator);
  EXPECT_FALSE(check.principal->token_id.empty());
  EXPECT_NE(tokens.issue(principal), tokens.issue(principal));  // a fresh jti each time
}

TEST(AccessTokensTest, RefusesOtherKeysAudiencesIssuersAndExpiry) {
  arena::Principal p{"id-1", "ada", arena::Role::User, ""};
  auth::AccessTokens tokens("0123456789abcdef0123456789abcdef", "iss", "aud", 60s);
  auto refused = [&](const std::string& token, const std::string& reason) {
    auto check = tokens.verify(token);
    EXPECT_FALSE(check.principal);
    EXPECT_NE(check.error.find(reason), std::string::npos) << check.error;
  };
  refused(auth::AccessTokens("another key another key another key", "iss", "aud", 60s).issue(p), "signature");
  refused(auth::AccessTokens("0123456789abcdef0123456789abcdef", "iss", "other", 60s).issue(p), "audience");
  refused(auth::AccessTokens("0123456789abcdef0123456789abcdef", "other", "aud", 60s).issue(p), "issuer");
  refused(auth::AccessTokens("0123456789abcdef0123456789abcdef", "iss", "aud", -1s).issue(p), "expired");
  refused("x.y.z", "malformed");
  refused(std::string(5000, 'a'), "malformed");
}

TEST(AccessTokensTest, ManyThreadsIssueAndVerifyAtOnce) {
  // Poco::JWT re-initialised OpenSSL whenever no signer was alive, racing with other threads:
  // the server crashed under concurrent logins (see OpenSslInUse in AccessTokens.h).
  auth::AccessTokens tokens("0123456789abcdef0123456789abcdef", "iss", "aud", 60s);
  arena::Principal principal{"6f1d7c1e-0000-4000-8000-000000000001", "ada", arena::Role::User, ""};
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) {
        if (tokens.verify(tokens.issue(principal)).principal) ++verified;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(verified.load(), 8 * 250);
}

TEST(PasswordHasherTest, HashesAreSaltedAndVerify) {
  auth::PasswordHasher hasher(1, 8 << 20);
  auto first = hasher.hash("correct horse battery");
  auto second = hasher.hash("correct horse battery");
  EXPECT_NE(first, second);
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(hasher.verify("correct horse battery", first));
  EXPECT_FALSE(hasher.verify("correct horse batterx", first));
  EXPECT_FALSE(hasher.verify("anything", "not a hash"));
  EXPECT_FALSE(hasher.needs_rehash(first));
  EXPECT_TRUE(auth::PasswordHasher(2, 8 << 20).needs_rehash(first));
}

TEST(ValidationTest, UsernamesEmailsPasswords) {
  EXPECT_FALSE(auth::username_problem("ok_name-1"));
  EXPECT_TRUE(auth::username_problem("no"));
  EXPECT_TRUE(auth::username_problem("späce"));
  EXPECT_FALSE(auth::email_problem("first.last+tag@sub.example.org"));
  EXPECT_TRUE(auth::email_problem("first@localhost"));
  EXPECT_TRUE(auth::email_problem("first@@example.com"));
  EXPECT_FALSE(auth::password_problem("a perfectly fine passphrase"));
  EXPECT_TRUE(auth::password_problem("QWERTYUIOP"));  // common, in any case
  EXPECT_TRUE(auth::is_common_password("Password123"));
  EXPECT_FALSE(auth::is_common_password("unusual phrase 9281"));
}

TEST(RateLimiterTest, BurstThenRefill) {
  auth::RateLimiter limiter({3, 60});  // one token a second
  auto t0 = auth::RateLimiter::Clock::now();
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 1);
  EXPECT_EQ(limiter.take("b", t0), 0);  // keys are independent
  EXPECT_EQ(limiter.take("a", t0 + 1100ms), 0);
  EXPECT_GE(limiter.take("a", t0 + 1100ms), 1);
}
