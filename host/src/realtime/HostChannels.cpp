#include "realtime/HostChannels.h"

#include <arena/JudgeService.h>

namespace arena::host::realtime {

using nlohmann::json;

namespace {
constexpr std::size_t kRememberedOwners = 100000;

std::string suffix(const std::string& topic) { return topic.substr(topic.find(':') + 1); }
}  // namespace

json UserChannel::join(const std::string& topic, const json&, const Subscriber& who) {
  if (suffix(topic) != who.principal.user_id) throw ChannelError("forbidden");
  return json::object();
}

json UserChannel::handle(const std::string&, const std::string&, const json&, const Subscriber&) {
  throw ChannelError("unknown event");
}

json SubmissionChannel::join(const std::string& topic, const json&, const Subscriber& who) {
  std::lock_guard lock(mutex_);
  auto it = owners_.find(suffix(topic));
  if (it != owners_.end() && it->second != who.principal.user_id) throw ChannelError("forbidden");
  return json::object();
}

json SubmissionChannel::handle(const std::string&, const std::string&, const json&, const Subscriber&) {
  throw ChannelError("unknown event");
}

void SubmissionChannel::forward(const Event& event) {
  const json& context = event.payload.value("context", json::object());
  if (!context.is_object()) return;
  std::string id;
  if (context.contains("submission_id") && context["submission_id"].is_string()) {
    id = context["submission_id"].get<std::string>();
  } else if (context.contains("submission_id") && context["submission_id"].is_number_integer()) {
    id = std::to_string(context["submission_id"].get<long long>());
  }
  std::string owner;
  for (const char* key : {"user_id", "owner_id"}) {
    if (context.contains(key) && context[key].is_string()) {
      owner = context[key].get<std::string>();
      break;
    }
  }
  if (id.empty() || owner.empty()) return;  // not a submission we can route to its owner
  {
    std::lock_guard lock(mutex_);
    if (owners_.emplace(id, owner).second) {
      order_.push_back(id);
      if (order_.size() > kRememberedOwners) {
        owners_.erase(order_.front());
        order_.pop_front();
      }
    }
  }
  std::string name = event.name == kSubmissionJudgedEvent ? "judged" : "progress";
  channels_.push_user(owner, "submission:" + id, name, event.payload);
}

void add_host_channels(Channels& channels, EventBus& events) {
  channels.add("user:*", std::make_shared<UserChannel>());
  auto submissions = std::make_shared<SubmissionChannel>(channels);
  channels.add("submission:*", submissions);
  for (const char* name : {kSubmissionProgressEvent, kSubmissionJudgedEvent}) {
    events.subscribe(name, [submissions](const Event& event) { submissions->forward(event); });
  }
}

}  // namespace arena::host::realtime
