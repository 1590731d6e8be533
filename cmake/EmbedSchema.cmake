# procsnap_embed_schema(target schema_dir)
# Generates schema_sql.cpp defining procsnap::importer::schema_sql(): every schema_dir/*.sql (sorted by name),
# then schema_dir/views/*.sql (sorted), concatenated. Re-generated whenever a .sql file changes or is added.
function(procsnap_embed_schema target schema_dir)
  file(GLOB _tables CONFIGURE_DEPENDS ${schema_dir}/*.sql)
  file(GLOB _views CONFIGURE_DEPENDS ${schema_dir}/views/*.sql)
  list(SORT _tables)
  list(SORT _views)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/schema_sql.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} "-DFILES=${_tables};${_views}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_schema_script.cmake
    DEPENDS ${_tables} ${_views} ${PROJECT_SOURCE_DIR}/cmake/embed_schema_script.cmake
    COMMENT "Embedding schema SQL"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()

# procsnap_embed_clickhouse_views(target views_dir)
# Generates clickhouse_views_sql.cpp defining procsnap::fleet::clickhouse_view_files(): views_dir/*.sql (sorted),
# the osquery views in ClickHouse's dialect (fleet/clickhouse_views.hpp).
function(procsnap_embed_clickhouse_views target views_dir)
  file(GLOB _views CONFIGURE_DEPENDS ${views_dir}/*.sql)
  list(SORT _views)
  set(_out ${CMAKE_CURRENT_BINARY_DIR}/clickhouse_views_sql.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_out} "-DFILES=${_views}" -DHEADER=fleet/clickhouse_views.hpp
            -DNS=procsnap::fleet -DFUNC=clickhouse_view_files -P ${PROJECT_SOURCE_DIR}/cmake/embed_schema_script.cmake
    DEPENDS ${_views} ${PROJECT_SOURCE_DIR}/cmake/embed_schema_script.cmake
    COMMENT "Embedding the ClickHouse views"
    VERBATIM)
  target_sources(${target} PRIVATE ${_out})
endfunction()
