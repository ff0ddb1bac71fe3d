#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace arena {

/// Who may call a route: anyone, or a signed-in user with at least this role.
/// The order matters: each role includes the rights of the ones before it.
enum class Role { Public = 0, User = 1, Moderator = 2, Admin = 3 };

/// The role's wire name: "public", "user", "moderator", "admin".
std::string_view to_string(Role role);

/// Parses a wire name; nullopt for anything else.
std::optional<Role> parse_role(std::string_view name);

/// Whether `have` grants what `need` asks for.
inline bool role_allows(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

}  // namespace arena
