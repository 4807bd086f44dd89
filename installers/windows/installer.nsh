; Extra NSIS steps for Anjungan: keep the data folder on uninstall (submissions not yet sent
; must never be lost with the program), and start the kiosk at logon.
!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Anjungan" '"$INSTDIR\Anjungan.exe" --kiosk'
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Anjungan"
  ; %APPDATA%\Anjungan is deliberately left in place.
!macroend
