#pragma once

#include <arena/Channels.h>

namespace rooms {

/// Topics `user:<id>`: a user's own notifications (match_found); only that user may join.
/// Registered only when nobody else serves `user:*`.
class UserChannel final : public arena::Channel {
 public:
  nlohmann::json join(const std::string& topic, const nlohmann::json& payload, const arena::Subscriber& who) override;
  nlohmann::json handle(const std::string& topic, const std::string& event, const nlohmann::json& payload,
                        const arena::Subscriber& who) override;
};

}  // namespace rooms
