#pragma once

#include <arena/Role.h>

#include <string>

namespace arena {

/// The signed-in caller of a request or socket, as the Identity service established it.
struct Principal {
  std::string user_id;   ///< UUID of the user
  std::string username;  ///< display name
  Role role = Role::User;
  std::string token_id;  ///< the access token's jti, for revocation and logs
};

}  // namespace arena
