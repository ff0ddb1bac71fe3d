#include "http/Router.h"

#include <gtest/gtest.h>

using arena::Request;
using arena::Response;
using arena::Role;
using arena::host::HttpRouter;
using arena::host::RouteMatch;

namespace {
arena::Handler named(std::string name) {
  return [name](Request&) { return Response::json({{"route", name}}); };
}
}  // namespace

TEST(RouterTest, MatchesLiteralPaths) {
  HttpRouter router;
  router.add("GET", "/api/health", Role::Public, named("health"));
  auto match = router.match("GET", "/api/health");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::Found);
  EXPECT_EQ(match.route->pattern, "/api/health");
  EXPECT_EQ(router.match("GET", "/api/health/").outcome, RouteMatch::Outcome::Found);
  EXPECT_EQ(router.match("GET", "/api/healthz").outcome, RouteMatch::Outcome::NotFound);
  EXPECT_EQ(router.match("GET", "/api").outcome, RouteMatch::Outcome::NotFound);
}

TEST(RouterTest, ExtractsParameters) {
  HttpRouter router;
  router.add("GET", "/api/puzzle/:id/comment/:comment", Role::Public, named("comment"));
  auto match = router.match("GET", "/api/puzzle/42/comment/7");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::Found);
  EXPECT_EQ(match.params.at("id"), "42");
  EXPECT_EQ(match.params.at("comment"), "7");
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  HttpRouter router;
  router.add("GET", "/api/user/:username", Role::Public, named("user"));
  router.add("GET", "/api/user/me", Role::User, named("me"));
  EXPECT_EQ(router.match("GET", "/api/user/me").route->pattern, "/api/user/me");
  auto other = router.match("GET", "/api/user/alice");
  EXPECT_EQ(other.route->pattern, "/api/user/:username");
  EXPECT_EQ(other.params.at("username"), "alice");
}

TEST(RouterTest, BacktracksFromLiteralToParameter) {
  HttpRouter router;
  router.add("GET", "/api/a/b/c", Role::Public, named("abc"));
  router.add("GET", "/api/a/:x/d", Role::Public, named("axd"));
  auto match = router.match("GET", "/api/a/b/d");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::Found);
  EXPECT_EQ(match.route->pattern, "/api/a/:x/d");
  EXPECT_EQ(match.params.at("x"), "b");
}

TEST(RouterTest, ReportsMethodNotAllowedWithAllowedMethods) {
  HttpRouter router;
  router.add("GET", "/api/puzzle/:id", Role::Public, named("get"));
  router.add("PUT", "/api/puzzle/:id", Role::User, named("put"));
  auto match = router.match("POST", "/api/puzzle/1");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::MethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "PUT"}));
}

TEST(RouterTest, HeadFallsBackToGet) {
  HttpRouter router;
  router.add("GET", "/api/x", Role::Public, named("x"));
  EXPECT_EQ(router.match("HEAD", "/api/x").outcome, RouteMatch::Outcome::Found);
}

TEST(RouterTest, RefusesDuplicatesAndConflictingParameterNames) {
  HttpRouter router;
  router.add("GET", "/api/x/:id", Role::Public, named("x"));
  EXPECT_THROW(router.add("GET", "/api/x/:id", Role::Public, named("again")), std::invalid_argument);
  EXPECT_THROW(router.add("POST", "/api/x/:name", Role::Public, named("other")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "relative", Role::Public, named("bad")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/api/x/:id", Role::Public, named("post")));
}

TEST(RouterTest, RecordsLeastRole) {
  HttpRouter router;
  router.add("DELETE", "/api/x/:id", Role::Moderator, named("x"));
  EXPECT_EQ(router.match("DELETE", "/api/x/1").route->least, Role::Moderator);
  EXPECT_EQ(router.routes().size(), 1u);
}
