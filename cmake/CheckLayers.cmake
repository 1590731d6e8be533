# The dependency rule between the source folders (ARCHITECTURE.md, "Layers"): which folder may include which.
# Dependencies point down only:
#
#   analyzer/cli  ->  analyzer/report -> analyzer/diff, analyzer/triage
#                     analyzer/fleet
#                     analyzer/diff -> analyzer/importer -> analyzer/db
#                                                        -> procfs -> common
#   collector     ->  procfs -> common
#
# Library linking alone cannot enforce it (the analyzer's folders share one include root, and a header-only include
# needs no link), so every #include of every product source file is checked here, at configure time (a violation
# stops `cmake`) and by the CTest test LayerRule (a violation added after configuring fails the tests).
#
# Project includes are written "<folder>/<file>" (or "procsnap/common/<file>", or a bare "<file>" of the same
# folder); third-party headers are checked too: the pure parsers use no library at all, the static collector no
# SQLite/HTTP/regex/fmt, and only the CLI uses CLI11 and libyara, only fleet/ libcurl.
#
# Script mode (the test): cmake -DPROCSNAP_LAYERS_ROOT=<tree> -P cmake/CheckLayers.cmake

# Allowed project include prefixes per folder (the folder's own files are always allowed).
set(_layers_folders common procfs collector analyzer/db analyzer/importer analyzer/diff analyzer/triage
    analyzer/fleet analyzer/report analyzer/cli)
set(_layers_allow_common "procsnap/common")
set(_layers_allow_procfs "procfs;procsnap/common")
set(_layers_allow_collector "procfs;procsnap/common")
set(_layers_allow_analyzer/db "db;procsnap/common")
set(_layers_allow_analyzer/importer "importer;db;procfs;procsnap/common")
set(_layers_allow_analyzer/diff "diff;importer;db;procfs;procsnap/common")
set(_layers_allow_analyzer/triage "triage;db;procsnap/common")
set(_layers_allow_analyzer/fleet "fleet;importer;db;procfs;procsnap/common")
set(_layers_allow_analyzer/report "report;diff;triage;importer;db;procfs;procsnap/common")
set(_layers_allow_analyzer/cli "cli;report;fleet;diff;triage;importer;db;procfs;procsnap/common")
# Third-party headers a folder must not include (regular expressions over the <...> name).
set(_layers_pure "^(sqlite3\\.h|archive|curl/|yara|re2/|CLI/|fmt/|zlib\\.h)")
set(_layers_deny_common "${_layers_pure}")
set(_layers_deny_procfs "${_layers_pure}")
set(_layers_deny_collector "^(sqlite3\\.h|curl/|yara|re2/|CLI/|fmt/|zlib\\.h)")
set(_layers_deny_analyzer/db "^(archive|curl/|yara|CLI/)")
set(_layers_deny_analyzer/importer "^(curl/|yara|re2/|CLI/)")
set(_layers_deny_analyzer/diff "^(archive|curl/|yara|re2/|CLI/)")
set(_layers_deny_analyzer/triage "^(archive|curl/|yara|re2/|CLI/)")
set(_layers_deny_analyzer/fleet "^(archive|yara|re2/|CLI/)")
set(_layers_deny_analyzer/report "^(archive|curl/|yara|re2/|CLI/)")
set(_layers_deny_analyzer/cli "^(archive|curl/)")

# Sets <out_var> to the list of violations ("file: #include X (folder may include: ...)") under <root>.
function(procsnap_check_layers root out_var)
  set(_violations "")
  foreach(_folder IN LISTS _layers_folders)
    file(GLOB_RECURSE _files ${root}/${_folder}/*.cpp ${root}/${_folder}/*.hpp ${root}/${_folder}/*.h)
    set(_allow ${_layers_allow_${_folder}})
    get_filename_component(_own ${_folder} NAME)
    foreach(_file IN LISTS _files)
      file(RELATIVE_PATH _rel ${root} ${_file})
      file(STRINGS ${_file} _lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
      foreach(_line IN LISTS _lines)
        if(_line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
          set(_inc ${CMAKE_MATCH_1})
          if(_inc MATCHES "\\.\\./")
            list(APPEND _violations "${_rel}: #include \"${_inc}\" (no ../ includes: name the folder)")
            continue()
          endif()
          if(NOT _inc MATCHES "/")
            continue()  # a file of the same folder
          endif()
          if(_inc MATCHES "^procsnap/common/")
            set(_prefix procsnap/common)
          else()
            string(REGEX REPLACE "/.*" "" _prefix ${_inc})
          endif()
          if(_prefix STREQUAL _own)
            continue()
          endif()
          list(FIND _allow ${_prefix} _at)
          if(_at EQUAL -1)
            string(REPLACE ";" ", " _shown "${_allow}")
            list(APPEND _violations "${_rel}: #include \"${_inc}\" (${_folder}/ may include: ${_shown})")
          endif()
        elseif(_line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
          set(_inc ${CMAKE_MATCH_1})
          if(_inc MATCHES "${_layers_deny_${_folder}}")
            list(APPEND _violations "${_rel}: #include <${_inc}> (${_folder}/ must not use this library)")
          endif()
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(${out_var} "${_violations}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  if(NOT PROCSNAP_LAYERS_ROOT)
    message(FATAL_ERROR "usage: cmake -DPROCSNAP_LAYERS_ROOT=<source tree> -P CheckLayers.cmake")
  endif()
  get_filename_component(_root "${PROCSNAP_LAYERS_ROOT}" ABSOLUTE)
  procsnap_check_layers(${_root} _found)
  if(_found)
    list(LENGTH _found _n)
    list(JOIN _found "\n  " _text)
    message(FATAL_ERROR "layer rule broken (${_n}):\n  ${_text}\nSee ARCHITECTURE.md, \"Layers\".")
  endif()
  message(STATUS "layer rule: ok")
endif()
