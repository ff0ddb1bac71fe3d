#include <arena/Role.h>

namespace arena {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::Public: return "public";
    case Role::User: return "user";
    case Role::Moderator: return "moderator";
    case Role::Admin: return "admin";
  }
  return "public";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role role : {Role::Public, Role::User, Role::Moderator, Role::Admin}) {
    if (to_string(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace arena
