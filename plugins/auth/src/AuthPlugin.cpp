// The auth plugin: accounts, sessions and the Identity service every other plugin relies on.
#include "AuthServices.h"
#include "JwtIdentity.h"

#include <arena/Plugin.h>

namespace auth {

class AuthPlugin final : public arena::Plugin {
 public:
  void setup(arena::PluginContext& context) override {
    auth_ = std::make_unique<AuthServices>(AuthSettings::from_config(context.config()), context.database());
    context.services().provide<arena::Identity>(std::make_shared<JwtIdentity>(auth_->tokens, auth_->accounts));
    add_session_routes(context.router(), *auth_);
    add_user_routes(context.router(), *auth_);
    add_account_routes(context.router(), *auth_);
    add_user_commands(context.commands(), *auth_);
  }

 private:
  std::unique_ptr<AuthServices> auth_;
};

}  // namespace auth

ARENA_PLUGIN(auth::AuthPlugin, "auth", "1.0.0", "Accounts, sessions (JWT + rotating refresh tokens) and roles",
             auth::kAuthConfigSchema)
