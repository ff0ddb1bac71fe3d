#pragma once

#include "RoomRegistry.h"

#include <arena/Channels.h>
#include <arena/HttpError.h>

namespace rooms {

/// Runs a channel handler's work and turns our errors into the ChannelError the client sees:
/// {"reason": "room_full", "message": "...", ...details}.
template <class Work>
nlohmann::json guarded(Work&& work) {
  try {
    return work();
  } catch (const RoomError& e) {
    nlohmann::json details = e.details();
    details["message"] = e.what();
    throw arena::ChannelError(e.reason(), details);
  } catch (const arena::HttpError& e) {
    throw arena::ChannelError(e.type(), {{"message", e.what()}, {"details", e.details()}});
  }
}

}  // namespace rooms
