#include "AuthServices.h"
#include "Cookies.h"
#include "Validation.h"

#include <regex>
#include <set>

namespace auth {

namespace {

void check_optional_text(const nlohmann::json& value, const std::string& field, std::size_t max, FieldErrors& errors) {
  if (value.is_null()) return;
  if (!value.is_string()) {
    errors.add(field, "must be a string or null");
  } else if (value.get<std::string>().size() > max) {
    errors.add(field, "must be at most " + std::to_string(max) + " characters");
  }
}

nlohmann::json validated_profile_changes(const nlohmann::json& body) {
  static const std::regex website(R"(^https?://[^\s/$.?#][^\s]*$)");
  static const std::regex github(R"(^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$)");
  static const std::set<std::string> known = {"bio", "location", "website", "github", "skills"};
  FieldErrors errors;
  for (const auto& [key, _] : body.items()) {
    if (known.count(key) == 0) errors.add(key, "is not a profile field");
  }
  if (body.contains("bio")) check_optional_text(body["bio"], "bio", 500, errors);
  if (body.contains("location")) check_optional_text(body["location"], "location", 100, errors);
  if (body.contains("website")) {
    check_optional_text(body["website"], "website", 200, errors);
    if (body["website"].is_string() && !body["website"].get<std::string>().empty() &&
        !std::regex_match(body["website"].get<std::string>(), website))
      errors.add("website", "must be an http:// or https:// address");
  }
  if (body.contains("github")) {
    check_optional_text(body["github"], "github", 39, errors);
    if (body["github"].is_string() && !body["github"].get<std::string>().empty() &&
        !std::regex_match(body["github"].get<std::string>(), github))
      errors.add("github", "is not a GitHub user name");
  }
  if (body.contains("skills") && !body["skills"].is_null()) {
    const auto& skills = body["skills"];
    if (!skills.is_array() || skills.size() > 20) {
      errors.add("skills", "must be a list of at most 20 skills");
    } else {
      for (const auto& skill : skills) {
        if (!skill.is_string() || skill.get<std::string>().empty() || skill.get<std::string>().size() > 30)
          errors.add("skills", "each skill must be 1 to 30 characters");
      }
    }
  }
  errors.throw_if_any("the profile has invalid fields");
  return body;
}

nlohmann::json validated_preferences(AuthServices& auth, const std::string& user_id, const nlohmann::json& body) {
  static const std::regex language(R"(^[a-z0-9+#._-]{1,32}$)");
  static const std::set<std::string> known = {"theme", "preferred_language", "editor", "blocked_users"};
  FieldErrors errors;
  for (const auto& [key, _] : body.items()) {
    if (known.count(key) == 0) errors.add(key, "is not a preference");
  }
  nlohmann::json merged = auth.accounts.preferences(user_id);
  if (body.contains("theme")) {
    const auto& theme = body["theme"];
    if (!theme.is_string() || (theme != "light" && theme != "dark" && theme != "system"))
      errors.add("theme", "must be light, dark or system");
    else
      merged["theme"] = theme;
  }
  if (body.contains("preferred_language")) {
    const auto& value = body["preferred_language"];
    if (!value.is_null() && (!value.is_string() || !std::regex_match(value.get<std::string>(), language)))
      errors.add("preferred_language", "must be a language id such as \"python\", or null");
    else
      merged["preferred_language"] = value;
  }
  if (body.contains("editor")) {
    if (!body["editor"].is_object() || body["editor"].dump().size() > 4096)
      errors.add("editor", "must be an object of at most 4 KiB");
    else
      merged["editor"] = body["editor"];
  }
  std::vector<std::string> blocked_names = merged["blocked_users"].get<std::vector<std::string>>();
  if (body.contains("blocked_users")) {
    const auto& blocked = body["blocked_users"];
    if (!blocked.is_array() || blocked.size() > 500 ||
        std::any_of(blocked.begin(), blocked.end(), [](const auto& v) { return !v.is_string(); })) {
      errors.add("blocked_users", "must be a list of at most 500 usernames");
    } else {
      blocked_names = blocked.get<std::vector<std::string>>();
    }
  }
  errors.throw_if_any("the preferences have invalid fields");
  std::vector<std::string> missing;
  auto ids = auth.accounts.ids_of(blocked_names, missing);
  if (!missing.empty()) errors.add("blocked_users", "unknown users: " + nlohmann::json(missing).dump());
  errors.throw_if_any("the preferences have invalid fields");
  merged["blocked_user_ids"] = ids;
  return merged;
}

}  // namespace

void add_account_routes(arena::Router& router, AuthServices& auth) {
  router.add("PATCH", "/api/account/profile", arena::Role::User, [&auth](arena::Request& request) {
    auto changes = validated_profile_changes(request.json());
    auth.accounts.update_profile(request.user().user_id, changes);
    auto user = auth.accounts.find_by_id(request.user().user_id);
    if (!user) throw arena::errors::unauthorized("the account no longer exists");
    return arena::Response::json({{"user", private_user_json(*user)}});
  });

  router.add("GET", "/api/account/preferences", arena::Role::User, [&auth](arena::Request& request) {
    return arena::Response::json({{"preferences", auth.accounts.preferences(request.user().user_id)}});
  });

  router.add("PUT", "/api/account/preferences", arena::Role::User, [&auth](arena::Request& request) {
    const auto& user_id = request.user().user_id;
    auto preferences = validated_preferences(auth, user_id, request.json());
    auth.accounts.save_preferences(user_id, preferences);
    return arena::Response::json({{"preferences", auth.accounts.preferences(user_id)}});
  });

  router.add("POST", "/api/account/password", arena::Role::User, [&auth](arena::Request& request) {
    auto body = request.json();
    FieldErrors errors;
    auto current = required_string(body, "current_password", errors, 1024);
    auto next = required_string(body, "new_password", errors, 1024);
    errors.throw_if_any();
    auto user = auth.accounts.find_by_id(request.user().user_id);
    if (!user) throw arena::errors::unauthorized("the account no longer exists");
    if (!auth.hasher.verify(*current, user->password_hash))
      throw arena::errors::validation("the current password is wrong", {{"current_password", "is incorrect"}});
    if (auto problem = password_problem(*next, user->username)) errors.add("new_password", *problem);
    if (*next == *current) errors.add("new_password", "must differ from the current password");
    errors.throw_if_any();
    auth.accounts.set_password_hash(user->id, auth.hasher.hash(*next));
    // Every other session ends; this one (if it came with its refresh cookie) stays.
    std::string keep;
    if (auto cookie = request.cookie(kRefreshCookie)) keep = auth.sessions.family_of(*cookie);
    auth.sessions.revoke_all_except(user->id, keep);
    return arena::Response::no_content();
  });
}

}  // namespace auth
