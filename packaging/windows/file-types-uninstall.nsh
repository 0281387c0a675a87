; Included into the NSIS uninstall section (CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS): undoes
; file-types-install.nsh.
!macro FramenoteForget EXT
  DeleteRegValue SHCTX "Software\Classes\${EXT}\OpenWithProgids" "Framenote.Video"
!macroend
!insertmacro FramenoteForget ".mp4"
!insertmacro FramenoteForget ".m4v"
!insertmacro FramenoteForget ".mov"
!insertmacro FramenoteForget ".mkv"
!insertmacro FramenoteForget ".ts"
!insertmacro FramenoteForget ".m2ts"
!insertmacro FramenoteForget ".avi"
!insertmacro FramenoteForget ".webm"
!insertmacro FramenoteForget ".mxf"
DeleteRegKey SHCTX "Software\Classes\Framenote.Video"
DeleteRegKey SHCTX "Software\Classes\Applications\framenote.exe"
System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
