# arena_add_plugin(<name> SOURCES <files...> [MIGRATIONS <dir>] [OUTPUT_DIRECTORY <dir>] [LIBRARIES <libs...>])
#
# Builds a plugin shared library `libarena_<name>.so` against the SDK in host/include/arena.
# SQL files in MIGRATIONS (named NNNN_description.sql) are embedded into the library, so a
# plugin deploys as a single file. Only the two entry points are exported.
function(arena_add_plugin name)
  cmake_parse_arguments(ARG "" "MIGRATIONS;OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  set(target arena_plugin_${name})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${name}_migrations.cpp)
  set(sql_files "")
  if(ARG_MIGRATIONS)
    file(GLOB sql_files CONFIGURE_DEPENDS ${ARG_MIGRATIONS}/*.sql)
    list(SORT sql_files)
  endif()
  # "|" separates the files: a ";" list would be split by the shell.
  string(REPLACE ";" "|" sql_files_arg "${sql_files}")
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated} "-DFILES=${sql_files_arg}"
            -P ${ARENA_EMBED_MIGRATIONS_SCRIPT}
    DEPENDS ${sql_files} ${ARENA_EMBED_MIGRATIONS_SCRIPT}
    VERBATIM
    COMMENT "Embedding migrations of plugin ${name}")
  add_library(${target} MODULE ${ARG_SOURCES} ${generated})
  target_link_libraries(${target} PRIVATE arena_sdk ${ARG_LIBRARIES})
  set(out ${ARENA_PLUGIN_OUTPUT_DIRECTORY})
  if(ARG_OUTPUT_DIRECTORY)
    set(out ${ARG_OUTPUT_DIRECTORY})
  endif()
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME arena_${name}
    LIBRARY_OUTPUT_DIRECTORY ${out}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

set(ARENA_EMBED_MIGRATIONS_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedMigrations.cmake)
