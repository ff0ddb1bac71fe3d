#include "WorkerPool.h"

#include <arena/HttpError.h>

namespace judge {

WorkerPool::WorkerPool(JobQueue& queue, Judge& judge, WorkerOptions options, std::shared_ptr<spdlog::logger> logger,
                       Finished finished)
    : queue_(queue),
      judge_(judge),
      options_(std::move(options)),
      logger_(std::move(logger)),
      finished_(std::move(finished)) {}

void WorkerPool::start() {
  stopping_ = false;
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { work(i); });
  keeper_ = std::thread([this] { keep_leases(); });
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  if (keeper_.joinable()) keeper_.join();
}

void WorkerPool::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakeups_;
  }
  wake_.notify_all();
}

std::size_t WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return active_.size();
}

void WorkerPool::work(int index) {
  std::string worker = options_.name + "/" + std::to_string(index);
  while (!stopping_) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = wakeups_;
    }
    std::optional<ClaimedJob> job;
    try {
      job = queue_.claim(worker);
    } catch (const std::exception& e) {
      logger_->warn("judge worker {} cannot take jobs: {}", worker, e.what());
    }
    if (job) {
      auto active = std::make_shared<Active>();
      active->job = *job;
      {
        std::lock_guard lock(mutex_);
        active_[job->id] = active;
      }
      process(*job, active);
      std::lock_guard lock(mutex_);
      active_.erase(job->id);
      continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_interval_ms),
                   [&] { return stopping_ || wakeups_ != seen; });
  }
}

arena::JudgeResult WorkerPool::given_up(const ClaimedJob& job) const {
  arena::JudgeResult result;
  result.verdict = arena::verdicts::XX;
  result.message =
      "gave up after " + std::to_string(job.attempts - 1) + " attempts: the worker judging this job stopped each time";
  return result;
}

void WorkerPool::process(const ClaimedJob& job, const std::shared_ptr<Active>& active) {
  const auto& submission = job.submission;
  arena::JudgeResult result;
  if (job.attempts > options_.max_attempts) {
    result = given_up(job);
  } else {
    try {
      auto judged = judge_.judge(submission, [&](const arena::JudgeTestResult& test) {
        if (stopping_ || active->lost) return false;
        try {
          if (!queue_.record_progress(job, test, submission.tests.size(), submission.context)) active->lost = true;
        } catch (const std::exception& e) {
          // The keeper renews the lease meanwhile; finish() decides whether the result counts.
          logger_->warn("judge job {}: progress not recorded: {}", job.id, e.what());
        }
        return !active->lost;
      });
      if (!judged) {
        if (active->lost) {
          logger_->warn("judge job {}: lease lost while judging; another worker has it", job.id);
        } else {
          logger_->info("judge job {}: handed back to the queue (shutting down)", job.id);
          try {
            queue_.release(job);
          } catch (const std::exception& e) {
            logger_->warn("judge job {}: not handed back ({}); retaken when its lease runs out", job.id, e.what());
          }
        }
        return;
      }
      result = std::move(*judged);
    } catch (const arena::HttpError& e) {
      // The job was valid when queued; this worker cannot judge it (say, a missing toolchain).
      result = {};
      result.verdict = arena::verdicts::XX;
      result.message = std::string("cannot judge here: ") + e.what();
    } catch (const std::exception& e) {
      logger_->error("judge job {}: {}", job.id, e.what());
      result = {};
      result.verdict = arena::verdicts::XX;
      result.message = "internal error of the judge";
    }
  }
  result.job_id = job.id;
  result.status = "done";
  result.attempts = static_cast<std::uint32_t>(job.attempts);
  result.context = submission.context;
  result.total = submission.tests.size();
  if (result.language.empty()) result.language = submission.language;
  try {
    if (auto latency = queue_.finish(job, result)) {
      if (finished_) finished_(result.verdict, *latency);
    } else {
      logger_->warn("judge job {}: lease lost before finishing; this result is discarded", job.id);
    }
  } catch (const std::exception& e) {
    logger_->error("judge job {}: result not stored ({}); retaken when its lease runs out", job.id, e.what());
  }
}

void WorkerPool::keep_leases() {
  auto period = std::chrono::milliseconds(std::max(100, options_.lease_seconds * 1000 / 3));
  while (true) {
    std::vector<std::shared_ptr<Active>> jobs;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, period, [&] { return stopping_.load(); });
      if (stopping_) return;
      for (const auto& [_, active] : active_) jobs.push_back(active);
    }
    for (const auto& active : jobs) {
      if (active->lost) continue;
      try {
        if (!queue_.renew(active->job)) active->lost = true;
      } catch (const std::exception& e) {
        logger_->warn("judge job {}: lease not renewed: {}", active->job.id, e.what());
      }
    }
  }
}

}  // namespace judge
