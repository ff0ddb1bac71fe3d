// bench/judge: judged submissions per second and median verdict latency, through the same
// path a submission takes in production: JudgeService::submit -> judge_jobs -> NOTIFY ->
// worker threads (judge.workers) -> sandbox -> finish -> NOTIFY -> "submission.judged".
// Scenarios: Python, and C++ with a cold compile cache (every source new) and a warm one,
// each with 10 test cases. Prints one line per scenario.
//   judge_bench DATABASE_URL [jobs] [workers]
#include "app/Host.h"

#include <arena/JudgeService.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// Verdicts by job id, filled from the event bus.
class Verdicts {
 public:
  void record(const nlohmann::json& result) {
    std::lock_guard lock(mutex_);
    done_[result.value("job_id", "")] = {Clock::now(), result.value("verdict", "")};
    changed_.notify_all();
  }
  // Waits for the job; returns (when, verdict).
  std::pair<Clock::time_point, std::string> wait(const std::string& job) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::minutes(5), [&] { return done_.count(job) > 0; })) {
      std::fprintf(stderr, "bench/judge: job %s never finished\n", job.c_str());
      std::exit(1);
    }
    return done_[job];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::pair<Clock::time_point, std::string>> done_;
};

struct Scenario {
  std::string name;
  std::string language;
  std::function<std::string(int)> source;  ///< the program of the i-th submission
};

arena::JudgeSubmission submission(const Scenario& scenario, int i) {
  arena::JudgeSubmission s;
  s.language = scenario.language;
  s.code = scenario.source(i);
  for (int t = 0; t < 10; ++t) {
    s.tests.push_back({std::to_string(t) + " " + std::to_string(t * 7) + "\n", std::to_string(t * 8) + "\n", t >= 5});
  }
  return s;
}

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void run(arena::JudgeService& judge, Verdicts& verdicts, const Scenario& scenario, int jobs, int& counter) {
  // Throughput: a burst of jobs, all queued at once, judged by the workers in parallel.
  std::vector<std::string> ids;
  auto start = Clock::now();
  for (int i = 0; i < jobs; ++i) ids.push_back(judge.submit(submission(scenario, counter++)));
  Clock::time_point last = start;
  for (const auto& id : ids) {
    auto [when, verdict] = verdicts.wait(id);
    if (verdict != "OK") {
      std::fprintf(stderr, "bench/judge: %s got %s\n", scenario.name.c_str(), verdict.c_str());
      std::exit(1);
    }
    last = std::max(last, when);
  }
  double per_second = jobs / (ms(last - start) / 1000.0);
  // Latency: one job at a time, from submit() to the judged event.
  std::vector<double> latencies;
  for (int i = 0; i < std::max(10, jobs / 2); ++i) {
    auto begin = Clock::now();
    auto id = judge.submit(submission(scenario, counter++));
    latencies.push_back(ms(verdicts.wait(id).first - begin));
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("%-22s %8.1f submissions/s   median %7.1f ms   p90 %7.1f ms   (%d in the burst, %zu one by one)\n",
              scenario.name.c_str(), per_second, latencies[latencies.size() / 2], latencies[latencies.size() * 9 / 10],
              jobs, latencies.size());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: judge_bench DATABASE_URL [jobs] [workers]\n");
    return 2;
  }
  std::string base_url = argv[1];
  int jobs = argc > 2 ? std::atoi(argv[2]) : 40;
  int workers = argc > 3 ? std::atoi(argv[3]) : 2;

  // A database and a var/ of our own, dropped at the end.
  std::string name = "arena_bench_judge_" + std::to_string(::getpid());
  {
    pqxx::connection admin{base_url};
    pqxx::nontransaction tx{admin};
    tx.exec("CREATE DATABASE " + tx.quote_name(name));
  }
  fs::path scratch = fs::temp_directory_path() / name;
  fs::create_directories(scratch / "web");
  int status = 0;
  {
    arena::host::ConfigSources sources;
    sources.sets = {"database.url=" + base_url + " dbname=" + name,
                    "server.host=127.0.0.1",
                    "server.port=0",
                    std::string("plugins.path=") + ARENA_PLUGIN_DIR,
                    "plugins.enabled=[\"judge\"]",
                    "web.root=" + (scratch / "web").string(),
                    "paths.var=" + (scratch / "var").string(),
                    "log.level=warn",
                    "log.access=false",
                    std::string("judge.languages_file=") + ARENA_SOURCE_DIR + "/config/languages.json",
                    "judge.workers=" + std::to_string(workers)};
    arena::host::Host host(sources);
    host.setup();
    host.migrate();
    host.start();
    auto judge = host.services().require<arena::JudgeService>();
    Verdicts verdicts;
    host.events().subscribe(arena::kSubmissionJudgedEvent, [&](const arena::Event& e) { verdicts.record(e.payload); });

    std::printf("bench/judge: %d worker thread(s), %ld CPU(s), 10 tests per submission\n", workers,
                ::sysconf(_SC_NPROCESSORS_ONLN));
    const std::string python = "a, b = map(int, input().split())\nprint(a + b)\n";
    const std::string cpp =
        "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n";
    int counter = 0;
    run(*judge, verdicts, {"python", "python", [&](int) { return python; }}, jobs, counter);
    // Every source differs (a comment), so every job compiles: the cache never hits.
    std::random_device random;
    std::string salt = std::to_string(random());
    run(*judge, verdicts,
        {"cpp (cold cache)", "cpp", [&](int i) { return cpp + "// " + salt + " " + std::to_string(i) + "\n"; }},
        std::max(4, jobs / 4), counter);
    // One source: compiled once (the warm-up job below), then served from the cache.
    verdicts.wait(judge->submit(submission({"", "cpp", [&](int) { return cpp; }}, 0)));
    run(*judge, verdicts, {"cpp (warm cache)", "cpp", [&](int) { return cpp; }}, jobs, counter);
    host.stop();
  }
  {
    pqxx::connection admin{base_url};
    pqxx::nontransaction tx{admin};
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name) + " WITH (FORCE)");
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  return status;
}
