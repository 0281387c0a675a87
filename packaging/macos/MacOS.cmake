# macOS: a DragNDrop .dmg holding Framenote.app (included by packaging/Packaging.cmake when
# APPLE). Qt's frameworks and plugins go into the bundle through macdeployqt (the install(SCRIPT)
# of qt_generate_deploy_app_script in Packaging.cmake). Built on macOS only: packaging/README.md.
#
# Needs, in app/CMakeLists.txt (before its install() line, which must name a BUNDLE destination):
#   set_target_properties(framenote PROPERTIES MACOSX_BUNDLE ON)
#   install(TARGETS framenote framenote-cli RUNTIME DESTINATION bin BUNDLE DESTINATION .)
get_target_property(framenote_is_bundle framenote MACOSX_BUNDLE)
if(NOT framenote_is_bundle)
  message(WARNING "packaging: framenote is not a MACOSX_BUNDLE target; the .dmg needs the two lines "
                  "named in packaging/macos/MacOS.cmake in app/CMakeLists.txt")
endif()

# Info.plist with the document types; the icon in Contents/Resources.
set(framenote_icns "${CMAKE_CURRENT_LIST_DIR}/framenote.icns")
target_sources(framenote PRIVATE "${framenote_icns}")
set_source_files_properties("${framenote_icns}" TARGET_DIRECTORY framenote
                            PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
set_target_properties(framenote PROPERTIES
  MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_LIST_DIR}/Info.plist.in"
  MACOSX_BUNDLE_BUNDLE_NAME "Framenote"
  MACOSX_BUNDLE_GUI_IDENTIFIER "${FRAMENOTE_APP_ID}"
  MACOSX_BUNDLE_ICON_FILE "framenote.icns"
  MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
  MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
  MACOSX_BUNDLE_COPYRIGHT "The Framenote developers")

set(CPACK_DMG_VOLUME_NAME "Framenote ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")
# An /Applications link beside the app, to drag it onto.
set(CPACK_DMG_DISABLE_APPLICATIONS_SYMLINK OFF)
set(CPACK_PACKAGE_ICON "${framenote_icns}")
set(CPACK_PACKAGE_FILE_NAME "Framenote-${PROJECT_VERSION}-macos")
