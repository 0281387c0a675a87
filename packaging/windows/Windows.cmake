# Windows: NSIS installer and ZIP (included by packaging/Packaging.cmake when WIN32).
# Qt's libraries and plugins come from windeployqt (the install(SCRIPT) of
# qt_generate_deploy_app_script in Packaging.cmake); FFmpeg's and other non-Qt DLLs from the
# install(CODE) below. Built on Windows only: see packaging/README.md.

# framenote.exe gets the icon and version information.
configure_file("${CMAKE_CURRENT_LIST_DIR}/framenote.rc.in" "${CMAKE_BINARY_DIR}/packaging/framenote.rc" @ONLY)
target_sources(framenote PRIVATE "${CMAKE_BINARY_DIR}/packaging/framenote.rc")

# Non-Qt DLLs the executables load (FFmpeg and what it needs), found next to the import
# libraries that pkg-config named, in their ../bin, and in FRAMENOTE_WINDOWS_DLL_DIRS.
set(FRAMENOTE_WINDOWS_DLL_DIRS "" CACHE STRING "More folders to search for DLLs to install")
set(framenote_dll_dirs ${FRAMENOTE_WINDOWS_DLL_DIRS})
foreach(dir IN LISTS FFMPEG_LIBRARY_DIRS)
  list(APPEND framenote_dll_dirs "${dir}" "${dir}/../bin")
endforeach()
install(CODE "set(FRAMENOTE_DLL_DIRS \"${framenote_dll_dirs}\")")
install(CODE [[
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES "$<TARGET_FILE:framenote>" "$<TARGET_FILE:framenote-cli>"
    RESOLVED_DEPENDENCIES_VAR framenote_dlls
    UNRESOLVED_DEPENDENCIES_VAR framenote_missing
    DIRECTORIES ${FRAMENOTE_DLL_DIRS}
    PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^[Qq]t6"
    POST_EXCLUDE_REGEXES "[Ss]ystem32/" "[Ss]ys[Ww][Oo][Ww]64/")
  foreach(dll IN LISTS framenote_missing)
    message(WARNING "framenote: DLL not found, not installed: ${dll} (set FRAMENOTE_WINDOWS_DLL_DIRS)")
  endforeach()
  file(INSTALL ${framenote_dlls} DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
]])

set(CPACK_NSIS_PACKAGE_NAME "Framenote")
set(CPACK_NSIS_DISPLAY_NAME "Framenote")
set(CPACK_NSIS_MUI_ICON "${CMAKE_CURRENT_LIST_DIR}/framenote.ico")
set(CPACK_NSIS_MUI_UNIICON "${CMAKE_CURRENT_LIST_DIR}/framenote.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\framenote.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "${FRAMENOTE_HOMEPAGE}")
set(CPACK_NSIS_CONTACT "${FRAMENOTE_MAINTAINER}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "framenote.exe")
# "Open with Framenote" for the video types (the user's default player is left alone).
file(TO_NATIVE_PATH "${CMAKE_CURRENT_LIST_DIR}" framenote_nsis_dir)
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "!include \"${framenote_nsis_dir}\\file-types-install.nsh\"")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "!include \"${framenote_nsis_dir}\\file-types-uninstall.nsh\"")
set(CPACK_PACKAGE_FILE_NAME "Framenote-${PROJECT_VERSION}-win64")
