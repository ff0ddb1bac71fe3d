#include "JudgeServiceImpl.h"

#include "Validation.h"

namespace judge {

namespace {

// Holds one of `limit` execution places, or refuses with 503.
class Place {
 public:
  Place(std::atomic<int>& count, int limit) : count_(count) {
    if (count_.fetch_add(1) >= limit) {
      count_.fetch_sub(1);
      throw arena::errors::unavailable("the judge is busy; try again in a moment");
    }
  }
  ~Place() { count_.fetch_sub(1); }
  Place(const Place&) = delete;
  Place& operator=(const Place&) = delete;

 private:
  std::atomic<int>& count_;
};

}  // namespace

std::string JudgeServiceImpl::submit(const arena::JudgeSubmission& submission) {
  FieldErrors errors;
  check_submission(settings_, languages_, submission, errors);
  errors.throw_if_any("the submission is invalid");
  arena::JudgeSubmission stored = submission;
  stored.language = languages_.find(submission.language)->id;
  if (stored.checker) stored.checker->language = languages_.find(stored.checker->language)->id;
  return queue_.enqueue(stored);
}

arena::ExecuteResult JudgeServiceImpl::execute(const arena::ExecuteRequest& request) {
  FieldErrors errors;
  check_execution(settings_, languages_, request, errors);
  errors.throw_if_any("the execution request is invalid");
  JudgeEngine* engine = engine_;
  if (engine == nullptr) throw arena::errors::unavailable("the judge is not running here");
  Place place(executing_, settings_.execute_max_concurrent);
  auto result = engine->judge.execute(request);
  if (metrics_ != nullptr) {
    const auto& last = result.run ? result.run : result.compile;
    metrics_->executions.inc({last ? last->verdict : arena::verdicts::XX});
  }
  return result;
}

std::vector<arena::LanguageInfo> JudgeServiceImpl::languages() const {
  std::vector<arena::LanguageInfo> infos;
  for (const auto& language : languages_.all()) infos.push_back(language.info());
  return infos;
}

std::optional<arena::JudgeResult> JudgeServiceImpl::result(const std::string& job_id) {
  auto result = queue_.result(job_id);
  if (result && result->version.empty()) {
    if (const Language* language = languages_.find(result->language)) result->version = language->version;
  }
  return result;
}

}  // namespace judge
