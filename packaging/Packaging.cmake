# Installers per OS. Included at the end of the root CMakeLists.txt, after every target
# exists. `make package` (cpack) builds, from the same install rules:
#   Linux    DEB, RPM and TGZ             packages land in ${CMAKE_BINARY_DIR}/packages/
#   Windows  NSIS installer and ZIP       (windeployqt through qt_generate_deploy_app_script)
#   macOS    DragNDrop .dmg               (macdeployqt through qt_generate_deploy_app_script)
# The version is PROJECT_VERSION everywhere (project() in the root CMakeLists.txt). How to build
# each package, and what the relay adds once it exists: packaging/README.md.

include(GNUInstallDirs)

set(FRAMENOTE_PACKAGING_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(FRAMENOTE_RESOURCES_DIR "${PROJECT_SOURCE_DIR}/resources")
set(FRAMENOTE_PACKAGING_OUT "${CMAKE_BINARY_DIR}/packaging")

# Placeholders until the project has a home, a licence and a maintainer address.
set(FRAMENOTE_HOMEPAGE "https://framenote.example.org" CACHE STRING "Homepage named by the packages")
set(FRAMENOTE_MAINTAINER "Framenote developers <maintainers@framenote.example.org>"
    CACHE STRING "Maintainer named by the packages")
set(FRAMENOTE_LICENSE "LicenseRef-proprietary" CACHE STRING "Licence of the packages (SPDX expression)")
# Reverse-DNS application id: AppStream component id (and metainfo file name), macOS bundle id.
set(FRAMENOTE_APP_ID "org.framenote.Framenote")
# Date of this release in the man pages and AppStream metadata: the configure date, or
# SOURCE_DATE_EPOCH when set (reproducible builds).
string(TIMESTAMP FRAMENOTE_RELEASE_DATE "%Y-%m-%d" UTC)

set(FRAMENOTE_SUMMARY "Frame-accurate video review with shared annotations")
set(FRAMENOTE_DESCRIPTION
  "Framenote is a desktop player for reviewing video: it always lands on exactly the frame asked
for, whatever the codec and container (variable frame rate, open GOPs, edit lists), shows SMPTE
timecode, and lets a team draw and comment on frames together. framenote-cli prints what a file
holds, its exact frame count, per-frame checksums and single frames.")

set(FRAMENOTE_HAS_RELAY OFF)
if(TARGET framenote-relay)
  set(FRAMENOTE_HAS_RELAY ON)
endif()

# --------------------------------------------------------------------------------------------
# Linux: desktop integration, man pages, the relay's service files.
if(UNIX AND NOT APPLE)
  install(FILES "${FRAMENOTE_RESOURCES_DIR}/framenote.desktop"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${FRAMENOTE_RESOURCES_DIR}/icons/framenote.svg"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
  foreach(size 48 128 256)
    install(FILES "${FRAMENOTE_RESOURCES_DIR}/icons/hicolor/${size}x${size}/apps/framenote.png"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
  endforeach()

  configure_file("${FRAMENOTE_RESOURCES_DIR}/framenote.metainfo.xml.in"
                 "${FRAMENOTE_PACKAGING_OUT}/${FRAMENOTE_APP_ID}.metainfo.xml" @ONLY)
  install(FILES "${FRAMENOTE_PACKAGING_OUT}/${FRAMENOTE_APP_ID}.metainfo.xml"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")

  configure_file("${FRAMENOTE_PACKAGING_DIR}/linux/copyright.in"
                 "${FRAMENOTE_PACKAGING_OUT}/copyright" @ONLY)
  install(FILES "${FRAMENOTE_PACKAGING_OUT}/copyright"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/framenote")

  # Man pages: configured (version, date), then gzip -9n (no name or time stamp: reproducible).
  set(framenote_man_pages framenote framenote-cli)
  if(FRAMENOTE_HAS_RELAY)
    list(APPEND framenote_man_pages framenote-relay)
  endif()
  set(framenote_man_gz)
  foreach(page IN LISTS framenote_man_pages)
    set(src "${FRAMENOTE_PACKAGING_DIR}/man/${page}.1.in")
    set(roff "${FRAMENOTE_PACKAGING_OUT}/man/${page}.1")
    configure_file("${src}" "${roff}" @ONLY)
    add_custom_command(OUTPUT "${roff}.gz"
      COMMAND gzip -9nc "${roff}" > "${roff}.gz"
      DEPENDS "${roff}"
      COMMENT "Compressing man page ${page}.1" VERBATIM)
    list(APPEND framenote_man_gz "${roff}.gz")
  endforeach()
  add_custom_target(framenote_man_pages ALL DEPENDS ${framenote_man_gz})
  install(FILES ${framenote_man_gz} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

  if(FRAMENOTE_HAS_RELAY)
    # The relay's binary is installed with the other executables (app/CMakeLists.txt); here only
    # what the packaged service needs. /etc/framenote/relay.conf is an absolute path: it goes
    # into the DEB and RPM (as a conffile) but not into the TGZ (see framenote_sysconf below).
    install(FILES "${FRAMENOTE_PACKAGING_DIR}/systemd/framenote-relay.service"
            DESTINATION "lib/systemd/system")
    install(FILES "${FRAMENOTE_PACKAGING_DIR}/systemd/framenote.sysusers"
            DESTINATION "lib/sysusers.d" RENAME framenote.conf)
    install(FILES "${FRAMENOTE_PACKAGING_DIR}/systemd/relay.conf"
            DESTINATION "/etc/framenote" COMPONENT framenote_sysconf)
    install(FILES "${FRAMENOTE_PACKAGING_DIR}/systemd/relay.conf"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/framenote" RENAME relay.conf.example)
  endif()
endif()

# --------------------------------------------------------------------------------------------
# Windows and macOS: Qt's deployment script (windeployqt / macdeployqt) bundles Qt's libraries
# and plugins next to the application.
if(WIN32 OR APPLE)
  set_target_properties(framenote PROPERTIES WIN32_EXECUTABLE ON)
  if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
    qt_generate_deploy_app_script(TARGET framenote OUTPUT_SCRIPT framenote_deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
  else()
    qt_generate_deploy_app_script(TARGET framenote FILENAME_VARIABLE framenote_deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
  endif()
  install(SCRIPT "${framenote_deploy_script}")
endif()

if(WIN32)
  include("${FRAMENOTE_PACKAGING_DIR}/windows/Windows.cmake")
elseif(APPLE)
  include("${FRAMENOTE_PACKAGING_DIR}/macos/MacOS.cmake")
endif()

# --------------------------------------------------------------------------------------------
# CPack: what every generator shares.
set(CPACK_PACKAGE_NAME "framenote")
set(CPACK_PACKAGE_VENDOR "Framenote")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${FRAMENOTE_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${FRAMENOTE_HOMEPAGE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${FRAMENOTE_SUMMARY}")
set(CPACK_PACKAGE_DESCRIPTION "${FRAMENOTE_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Framenote")
set(CPACK_PACKAGE_EXECUTABLES "framenote" "Framenote")
set(CPACK_OUTPUT_FILE_PREFIX "${CMAKE_BINARY_DIR}/packages")
set(CPACK_STRIP_FILES ON)
# Values reach CPackConfig.cmake exactly as written here (quotes and backslashes in NSIS code).
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/\\.cache/")
# Per-generator settings that can only be decided when cpack runs (the TGZ leaves out /etc).
set(CPACK_PROJECT_CONFIG_FILE "${FRAMENOTE_PACKAGING_DIR}/CPackProjectConfig.cmake")

if(WIN32)
  set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
else()
  set(CPACK_GENERATOR "DEB;RPM;TGZ")
endif()

# DEB ----------------------------------------------------------------------------------------
set(CPACK_DEBIAN_PACKAGE_NAME "framenote")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)        # framenote_VERSION-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FRAMENOTE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${FRAMENOTE_HOMEPAGE}")
# Depends from the ELF files' needs (dpkg-shlibdeps: FFmpeg, Qt, libc...). Qt's xcb and
# offscreen platform plugins are in libqt6gui6; qt6-qpa-plugins adds Wayland and others.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# qt6-translations-l10n: Qt's own words (OK, Cancel, the file dialog) in the user's language.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ffmpeg")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM ----------------------------------------------------------------------------------------
set(CPACK_RPM_PACKAGE_NAME "framenote")
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)           # framenote-VERSION-1.x86_64.rpm
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "${FRAMENOTE_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Multimedia")
set(CPACK_RPM_PACKAGE_URL "${FRAMENOTE_HOMEPAGE}")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${FRAMENOTE_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)              # Requires from the ELF files (rpm's elfdeps)
set(CPACK_RPM_PACKAGE_AUTOPROV ON)
set(CPACK_PACKAGE_RELOCATABLE OFF)          # else CPack marks /usr relocatable
set(CPACK_RPM_PACKAGE_RELOCATABLE OFF)
# No /usr/lib/.build-id links (they would clash with other packages' files).
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
# Directories that belong to the system (filesystem, hicolor-icon-theme, systemd), not to us.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/share/applications /usr/share/icons /usr/share/icons/hicolor
  /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps
  /usr/share/icons/hicolor/48x48 /usr/share/icons/hicolor/48x48/apps
  /usr/share/icons/hicolor/128x128 /usr/share/icons/hicolor/128x128/apps
  /usr/share/icons/hicolor/256x256 /usr/share/icons/hicolor/256x256/apps
  /usr/share/man /usr/share/man/man1 /usr/share/metainfo
  /usr/lib/systemd /usr/lib/systemd/system /usr/lib/sysusers.d)

# The relay's service: system user, conffile, maintainer scripts (DEB and RPM).
if(FRAMENOTE_HAS_RELAY AND UNIX AND NOT APPLE)
  set(deb_control "${FRAMENOTE_PACKAGING_OUT}/deb")
  file(MAKE_DIRECTORY "${deb_control}")
  foreach(script postinst prerm postrm)
    file(COPY "${FRAMENOTE_PACKAGING_DIR}/linux/deb-${script}" DESTINATION "${deb_control}"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                          WORLD_READ WORLD_EXECUTE)
    file(RENAME "${deb_control}/deb-${script}" "${deb_control}/${script}")
  endforeach()
  file(WRITE "${deb_control}/conffiles" "/etc/framenote/relay.conf\n")
  set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
      "${deb_control}/postinst;${deb_control}/prerm;${deb_control}/postrm;${deb_control}/conffiles")

  set(CPACK_RPM_POST_INSTALL_SCRIPT_FILE "${FRAMENOTE_PACKAGING_DIR}/linux/rpm-post.sh")
  set(CPACK_RPM_PRE_UNINSTALL_SCRIPT_FILE "${FRAMENOTE_PACKAGING_DIR}/linux/rpm-preun.sh")
  set(CPACK_RPM_POST_UNINSTALL_SCRIPT_FILE "${FRAMENOTE_PACKAGING_DIR}/linux/rpm-postun.sh")
  set(CPACK_RPM_USER_FILELIST "%config(noreplace) /etc/framenote/relay.conf")
endif()

include(CPack)
