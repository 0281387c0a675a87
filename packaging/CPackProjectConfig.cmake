# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE in Packaging.cmake).
#
# The TGZ is a relocatable tree (bin/, share/ ...): it has no place for an absolute path such as
# /etc/framenote/relay.conf, and an archive generator would even install such a file into the
# build machine's own /etc. So the TGZ takes every install component except framenote_sysconf
# (relay.conf is in share/doc/framenote/relay.conf.example there as well). DEB and RPM take all.
list(FIND CPACK_COMPONENTS_ALL framenote_sysconf framenote_sysconf_at)  # (no policies here: no IN_LIST)
if(CPACK_GENERATOR STREQUAL "TGZ" AND framenote_sysconf_at GREATER -1)
  list(REMOVE_ITEM CPACK_COMPONENTS_ALL framenote_sysconf)
  set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
  set(CPACK_ARCHIVE_FILE_NAME "${CPACK_PACKAGE_FILE_NAME}")
endif()
