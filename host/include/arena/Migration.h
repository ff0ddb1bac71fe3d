#pragma once

#include <cstddef>

namespace arena {

/// One numbered SQL migration, embedded in the plugin at build time from
/// plugins/<name>/migrations/NNNN_description.sql (see cmake/ArenaPlugin.cmake).
struct MigrationSource {
  int version;
  const char* file;
  const char* sql;
};

/// A plugin's migrations, ascending by version.
struct MigrationList {
  const MigrationSource* items;
  std::size_t count;
};

namespace embedded {
/// Generated for every plugin by arena_add_plugin().
MigrationList migrations();
}  // namespace embedded

}  // namespace arena
