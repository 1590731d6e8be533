# The constant part of the naming convention (ARCHITECTURE.md, "Conventions"; the whole convention is in
# .clang-tidy and checked by `bash scripts/lint.sh`): a constexpr variable is named k_snake_case, and no name in
# the product sources is spelled kCamelCase. A cheap, textual check (no compiler), run by the NamingRule tests.
#
# Script mode: cmake -DPROCSNAP_NAMING_ROOT=<tree> -P cmake/CheckNaming.cmake

set(_naming_folders common procfs collector analyzer)

# Sets <out_var> to the list of findings ("file:line: name (why)") under <root>.
function(procsnap_check_naming root out_var)
  set(_found "")
  foreach(_folder IN LISTS _naming_folders)
    file(GLOB_RECURSE _files ${root}/${_folder}/*.cpp ${root}/${_folder}/*.hpp ${root}/${_folder}/*.h)
    foreach(_file IN LISTS _files)
      file(RELATIVE_PATH _rel ${root} ${_file})
      file(STRINGS ${_file} _lines)
      set(_n 0)
      foreach(_line IN LISTS _lines)
        math(EXPR _n "${_n} + 1")
        string(REGEX REPLACE "//.*$" "" _code "${_line}")  # comments may name anything
        string(REGEX REPLACE "\"([^\"\\\\]|\\\\.)*\"" "\"\"" _code "${_code}")  # so may strings
        # constexpr <type> <name> = / { / [   (a function, "constexpr T f(", has no = { [ before its '(')
        if(_code MATCHES "constexpr[^=({;]*[ \t*&]([A-Za-z_][A-Za-z0-9_]*)[ \t]*(=|\\{|\\[)")
          set(_name ${CMAKE_MATCH_1})
          if(NOT _name MATCHES "^k_[a-z0-9_]+$")
            list(APPEND _found "${_rel}:${_n}: ${_name} (a constexpr variable is named k_snake_case)")
          endif()
        endif()
        if(_code MATCHES "(^|[^A-Za-z0-9_])(k[A-Z][A-Za-z0-9]*)")
          list(APPEND _found "${_rel}:${_n}: ${CMAKE_MATCH_2} (kCamelCase: the convention is k_snake_case)")
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(${out_var} "${_found}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  if(NOT PROCSNAP_NAMING_ROOT)
    message(FATAL_ERROR "usage: cmake -DPROCSNAP_NAMING_ROOT=<source tree> -P CheckNaming.cmake")
  endif()
  get_filename_component(_root "${PROCSNAP_NAMING_ROOT}" ABSOLUTE)
  procsnap_check_naming(${_root} _found)
  if(_found)
    list(LENGTH _found _count)
    list(JOIN _found "\n  " _text)
    message(FATAL_ERROR "naming convention broken (${_count}):\n  ${_text}\nSee ARCHITECTURE.md, \"Conventions\".")
  endif()
  message(STATUS "naming convention: ok")
endif()
