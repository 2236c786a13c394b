# ujikom_embed(<out.c> <symbol> <files...>): compiles files into a C array
#   const struct embedded_file <symbol>[]; const size_t <symbol>_count;
# (name = file name without directory). Used for SQL migrations, SOPs and other text the binary carries.
function(ujikom_embed out symbol)
  set(files ${ARGN})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()
