#include "AuthServices.h"
#include "Cookies.h"
#include "Validation.h"

#include <algorithm>

namespace auth {

namespace {

void rate_limit(RateLimiter& limiter, const std::string& key) {
  if (int wait = limiter.take(key); wait > 0) throw arena::errors::too_many_requests(wait);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

arena::Response session_response(AuthServices& auth, const IssuedSession& session, const arena::Request& request,
                                 int status) {
  auto response = arena::Response::json({{"user", private_user_json(session.user)},
                                         {"access_token", session.access_token},
                                         {"token_type", "Bearer"},
                                         {"expires_in", auth.tokens.ttl().count()}},
                                        status);
  set_session_cookies(response, session, request, auth.settings.cookies, auth.tokens.ttl(),
                      auth.sessions.refresh_ttl());
  return response;
}

std::string user_agent(const arena::Request& request) { return std::string(request.header("user-agent").value_or("")); }

// The refresh token: the cookie for browsers, or {"refresh_token": ...} for other clients.
std::string presented_refresh_token(const arena::Request& request) {
  if (auto cookie = request.cookie(kRefreshCookie); cookie && !cookie->empty()) return *cookie;
  if (request.body.empty()) return "";
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_object() && body.contains("refresh_token") && body["refresh_token"].is_string())
    return body["refresh_token"];
  return "";
}

}  // namespace

void add_session_routes(arena::Router& router, AuthServices& auth) {
  router.add("POST", "/api/register", arena::Role::Public, [&auth](arena::Request& request) {
    rate_limit(auth.register_per_ip, request.remote_address);
    auto body = request.json();
    FieldErrors errors;
    auto username = required_string(body, "username", errors, 64);
    auto email = required_string(body, "email", errors, 320);
    auto password = required_string(body, "password", errors, 1024);
    if (username)
      if (auto problem = username_problem(*username)) errors.add("username", *problem);
    if (email)
      if (auto problem = email_problem(*email)) errors.add("email", *problem);
    if (password)
      if (auto problem = password_problem(*password, username.value_or(""))) errors.add("password", *problem);
    errors.throw_if_any();
    auto user = auth.accounts.create(*username, *email, auth.hasher.hash(*password));
    auto session = auth.sessions.start(user, user_agent(request), request.remote_address);
    return session_response(auth, session, request, 201);
  });

  router.add("POST", "/api/login", arena::Role::Public, [&auth](arena::Request& request) {
    rate_limit(auth.login_per_ip, request.remote_address);
    auto body = request.json();
    FieldErrors errors;
    auto identifier = required_string(body, "identifier", errors, 320);
    auto password = required_string(body, "password", errors, 1024);
    errors.throw_if_any();
    rate_limit(auth.login_per_identifier, lower(*identifier));
    auto user = auth.accounts.find_by_identifier(*identifier);
    // Unknown user and wrong password take the same time and get the same answer.
    bool valid = false;
    if (user) {
      valid = auth.hasher.verify(*password, user->password_hash);
    } else {
      auth.hasher.verify_dummy(*password);
    }
    if (!valid) throw arena::errors::unauthorized("invalid username/email or password");
    if (auth.hasher.needs_rehash(user->password_hash))
      auth.accounts.set_password_hash(user->id, auth.hasher.hash(*password));
    auto session = auth.sessions.start(*user, user_agent(request), request.remote_address);
    return session_response(auth, session, request, 200);
  });

  router.add(
      "POST", "/api/logout", arena::Role::Public,
      [&auth](arena::Request& request) {
        if (auto token = presented_refresh_token(request); !token.empty()) auth.sessions.revoke_family_of(token);
        auto response = arena::Response::no_content();
        clear_session_cookies(response, request, auth.settings.cookies);
        return response;
      },
      arena::RouteOptions{.allow_banned = true});

  router.add(
      "POST", "/api/refresh", arena::Role::Public,
      [&auth](arena::Request& request) {
        std::string token = presented_refresh_token(request);
        if (token.empty()) throw arena::errors::unauthorized("no refresh token");
        try {
          auto session = auth.sessions.rotate(token, user_agent(request), request.remote_address);
          return session_response(auth, session, request, 200);
        } catch (const arena::HttpError& error) {
          if (error.status() != 401) throw;
          // Clear the dead cookies so the browser stops presenting them.
          arena::Response response = arena::Response::json(error.to_json(), 401);
          clear_session_cookies(response, request, auth.settings.cookies);
          return response;
        }
      },
      arena::RouteOptions{.allow_banned = true});

  router.add("GET", "/api/me", arena::Role::User, [&auth](arena::Request& request) {
    auto user = auth.accounts.find_by_id(request.user().user_id);
    if (!user) throw arena::errors::unauthorized("the account no longer exists");
    return arena::Response::json({{"user", private_user_json(*user)}});
  });
}

}  // namespace auth
