; Included into the NSIS install section (CPACK_NSIS_EXTRA_INSTALL_COMMANDS): registers
; Framenote under "Open with" for the video types, for all users. The default player is left alone.
WriteRegStr SHCTX "Software\Classes\Framenote.Video" "" "Video (Framenote)"
WriteRegStr SHCTX "Software\Classes\Framenote.Video\DefaultIcon" "" "$INSTDIR\bin\framenote.exe,0"
WriteRegStr SHCTX "Software\Classes\Framenote.Video\shell\open\command" "" '"$INSTDIR\bin\framenote.exe" "%1"'
WriteRegStr SHCTX "Software\Classes\Applications\framenote.exe\shell\open\command" "" '"$INSTDIR\bin\framenote.exe" "%1"'
!macro FramenoteOpenWith EXT
  WriteRegStr SHCTX "Software\Classes\${EXT}\OpenWithProgids" "Framenote.Video" ""
  WriteRegStr SHCTX "Software\Classes\Applications\framenote.exe\SupportedTypes" "${EXT}" ""
!macroend
!insertmacro FramenoteOpenWith ".mp4"
!insertmacro FramenoteOpenWith ".m4v"
!insertmacro FramenoteOpenWith ".mov"
!insertmacro FramenoteOpenWith ".mkv"
!insertmacro FramenoteOpenWith ".ts"
!insertmacro FramenoteOpenWith ".m2ts"
!insertmacro FramenoteOpenWith ".avi"
!insertmacro FramenoteOpenWith ".webm"
!insertmacro FramenoteOpenWith ".mxf"
; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
