// Operator commands: an admin must exist somehow on a fresh install.
#include "AuthServices.h"
#include "Validation.h"

#include <iostream>

namespace auth {

namespace {

constexpr const char* kUsage =
    "create USERNAME EMAIL [--role user|moderator|admin]   (password from $ARENA_USER_PASSWORD or stdin)\n"
    "           user promote USERNAME ROLE\n"
    "           user ban USERNAME --reason TEXT [--days N]\n"
    "           user unban USERNAME";

int fail(const std::string& message) {
  std::cerr << "arena user: " << message << "\n";
  return 2;
}

std::optional<std::string> option(const std::vector<std::string>& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  return std::nullopt;
}

int create(AuthServices& auth, const std::vector<std::string>& args) {
  if (args.size() < 3) return fail("usage: arena user create USERNAME EMAIL [--role ROLE]");
  auto role = arena::parse_role(option(args, "--role").value_or("user"));
  if (!role || *role == arena::Role::Public) return fail("--role must be user, moderator or admin");
  std::string password;
  if (const char* env = std::getenv("ARENA_USER_PASSWORD"); env != nullptr) {
    password = env;
  } else {
    std::cerr << "password: ";
    std::getline(std::cin, password);
  }
  if (auto problem = username_problem(args[1])) return fail("username " + *problem);
  if (auto problem = email_problem(args[2])) return fail("email " + *problem);
  if (auto problem = password_problem(password, args[1])) return fail("password " + *problem);
  auto user = auth.accounts.create(args[1], args[2], auth.hasher.hash(password), *role);
  std::cout << "created " << user.username << " (" << arena::to_string(user.role) << ") " << user.id << "\n";
  return 0;
}

int promote(AuthServices& auth, const std::vector<std::string>& args) {
  if (args.size() != 3) return fail("usage: arena user promote USERNAME ROLE");
  auto role = arena::parse_role(args[2]);
  if (!role || *role == arena::Role::Public) return fail("ROLE must be user, moderator or admin");
  auto user = auth.accounts.find_by_username(args[1]);
  if (!user) return fail("no such user: " + args[1]);
  auth.accounts.set_role(user->id, *role);
  std::cout << user->username << " is now " << arena::to_string(*role) << "\n";
  return 0;
}

int ban(AuthServices& auth, const std::vector<std::string>& args) {
  auto reason = option(args, "--reason");
  if (args.size() < 2 || !reason || reason->empty()) return fail("usage: arena user ban USERNAME --reason TEXT [--days N]");
  auto user = auth.accounts.find_by_username(args[1]);
  if (!user) return fail("no such user: " + args[1]);
  int days = 0;
  if (auto text = option(args, "--days")) {
    days = std::atoi(text->c_str());
    if (days <= 0) return fail("--days must be a positive number");
  }
  auto id = auth.accounts.ban(user->id, *reason, days, std::nullopt);
  std::cout << "banned " << user->username << " (ban " << id << ")\n";
  return 0;
}

int unban(AuthServices& auth, const std::vector<std::string>& args) {
  if (args.size() != 2) return fail("usage: arena user unban USERNAME");
  auto user = auth.accounts.find_by_username(args[1]);
  if (!user) return fail("no such user: " + args[1]);
  std::cout << "lifted " << auth.accounts.unban(user->id) << " ban(s) of " << user->username << "\n";
  return 0;
}

}  // namespace

void add_user_commands(arena::Commands& commands, AuthServices& auth) {
  commands.add("user", kUsage, [&auth](const std::vector<std::string>& args) {
    try {
      if (args.empty()) return fail(std::string("usage: arena user ") + kUsage);
      if (args[0] == "create") return create(auth, args);
      if (args[0] == "promote") return promote(auth, args);
      if (args[0] == "ban") return ban(auth, args);
      if (args[0] == "unban") return unban(auth, args);
      return fail("unknown subcommand " + args[0]);
    } catch (const arena::HttpError& e) {
      std::cerr << "arena user: " << e.what() << "\n";
      return 1;
    }
  });
}

}  // namespace auth
