# procsnap_embed_checks(target checks_dir)
# Generates triage_checks.cpp defining procsnap::triage::embedded_checks(): every checks_dir/*.sql (sorted by
# name) as {file name, text}. Adding a triage check = adding a .sql file there (re-run configure for a new file;
# CONFIGURE_DEPENDS does that on the next build).
function(procsnap_embed_checks target checks_dir)
  file(GLOB _checks CONFIGURE_DEPENDS ${checks_dir}/*.sql)
  list(SORT _checks)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/triage_checks.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} "-DFILES=${_checks}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_checks_script.cmake
    DEPENDS ${_checks} ${PROJECT_SOURCE_DIR}/cmake/embed_checks_script.cmake
    COMMENT "Embedding triage checks"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()
