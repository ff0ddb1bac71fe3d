#pragma once

// Shared by the judge's tests: the test languages file, a host with auth and judge, users.
#include "support/HttpClient.h"
#include "support/TestServer.h"

#include <arena/JudgeService.h>

#include <gtest/gtest.h>
#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace judge_test {

/// python, c, cpp, bash, and one language that is not installed.
inline std::string languages_file() {
  return std::string(ARENA_SOURCE_DIR) + "/tests/judge/languages.json";
}

inline constexpr const char* kSecret = "judge-test-secret-that-is-long-enough-for-hs256";

/// Config for a test host with the judge: the test languages, quick polling, short leases.
inline std::vector<std::string> judge_sets(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {
      "judge.languages_file=" + languages_file(),     "judge.poll_interval_ms=200", "judge.lease_seconds=3",
      std::string("auth.jwt_secret=") + kSecret,      "auth.argon2.ops_limit=1",    "auth.argon2.mem_limit_kib=8192",
      "auth.rate_limits.register_per_ip_burst=100000"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

/// The sandbox needs root (CI runs as root); tests that run programs skip without it.
inline bool can_sandbox() {
  return ::geteuid() == 0;
}

/// A signed-in user's Authorization header.
inline std::map<std::string, std::string> register_user(std::uint16_t port, const std::string& name) {
  nlohmann::json body = {{"username", name}, {"email", name + "@example.com"}, {"password", "correct horse battery"}};
  auto result = arena::test::http("POST", port, "/api/register", body.dump());
  if (result.status != 201) throw std::runtime_error("register failed: " + result.body);
  return {{"Authorization", "Bearer " + result.json().value("access_token", "")}};
}

/// Collects events of one name from a bus and waits for them.
class EventLog {
 public:
  EventLog(arena::EventBus& bus, const std::string& name) : bus_(bus) {
    id_ = bus_.subscribe(name, [this](const arena::Event& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(event.payload);
      changed_.notify_all();
    });
  }
  ~EventLog() { bus_.unsubscribe(id_); }

  /// Waits until `count` events match `filter`; returns them (fewer on timeout).
  template <class Filter>
  std::vector<nlohmann::json> wait_for(std::size_t count, Filter filter,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mutex_);
    std::vector<nlohmann::json> found;
    changed_.wait_for(lock, timeout, [&] {
      found.clear();
      for (const auto& event : events_) {
        if (filter(event)) found.push_back(event);
      }
      return found.size() >= count;
    });
    return found;
  }
  std::vector<nlohmann::json> of_job(const std::string& job_id) {
    std::lock_guard lock(mutex_);
    std::vector<nlohmann::json> found;
    for (const auto& event : events_) {
      if (event.value("job_id", "") == job_id) found.push_back(event);
    }
    return found;
  }

 private:
  arena::EventBus& bus_;
  arena::EventBus::SubscriptionId id_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<nlohmann::json> events_;
};

inline auto for_job(const std::string& job_id) {
  return [job_id](const nlohmann::json& event) { return event.value("job_id", "") == job_id; };
}

/// A submission of `code` with tests (input, expected).
inline arena::JudgeSubmission submission(const std::string& language, const std::string& code,
                                         const std::vector<std::pair<std::string, std::string>>& tests) {
  arena::JudgeSubmission s;
  s.language = language;
  s.code = code;
  for (const auto& [input, expected] : tests) s.tests.push_back({input, expected, false});
  return s;
}

}  // namespace judge_test
