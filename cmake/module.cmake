# ujikom_module(<name>): a module (or core service) folder as a static library.
# Compiles every *.c in the folder and embeds sql/*.sql as <name>_migrations.
function(ujikom_module name)
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.c)
  file(GLOB sqls CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/sql/*.sql)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/${name}_sql.c)
  ujikom_embed(${gen} ${name}_migrations ${sqls})
  add_library(ujikom_${name} STATIC ${srcs} ${gen})
  target_include_directories(ujikom_${name} PUBLIC ${PROJECT_SOURCE_DIR}/server/include
                                                   ${PROJECT_SOURCE_DIR}/modules)
  target_link_libraries(ujikom_${name} PUBLIC PkgConfig::JANSSON PkgConfig::SODIUM PkgConfig::CRYPTO
                                              Threads::Threads)
endfunction()
