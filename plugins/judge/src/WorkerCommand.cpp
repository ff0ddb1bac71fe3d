// `arena judge-worker`: this process only judges, against the same database as the servers.
#include "JudgePlugin.h"

#include <pthread.h>
#include <csignal>
#include <iostream>

namespace judge {

int JudgePlugin::run_worker(const std::vector<std::string>& args) {
  int threads = std::max(1, settings_.workers);
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--workers" && i + 1 < args.size()) {
      threads = std::atoi(args[++i].c_str());
      if (threads < 1 || threads > 64) {
        std::cerr << "arena judge-worker: --workers must be 1 to 64\n";
        return 2;
      }
    } else {
      std::cerr << "arena judge-worker: unknown option " << args[i] << " (usage: arena judge-worker [--workers N])\n";
      return 2;
    }
  }
  if (!languages_error_.empty()) {
    std::cerr << "arena judge-worker: " << languages_error_ << "\n";
    return 1;
  }
  // Blocked before the workers exist, so they inherit the mask and only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (!runtime_->start_engine()) {
    std::cerr << "arena judge-worker: " << runtime_->status() << "\n";
    return 1;
  }
  runtime_->start(threads, /*announce=*/false);
  std::cout << "judge worker ready: " << threads << " thread(s), " << languages_.available_count() << " language(s), "
            << runtime_->status() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  context_->logger()->info("received {}; finishing the current tests and handing jobs back",
                           received == SIGINT ? "SIGINT" : "SIGTERM");
  runtime_->stop();
  std::cout << "judge worker stopped" << std::endl;
  return 0;
}

}  // namespace judge
