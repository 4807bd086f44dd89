; Extra NSIS steps for Anjungan: keep the data folder on uninstall (submissions not yet sent
; must never be lost with the program), and choose how the PC starts it:
; - a kiosk PC: a dedicated kiosk account whose shell is Anjungan (Shell Launcher, see
;   kiosk-shell.ps1): no desktop at all. Chosen at the prompt, or with /KIOSK on a silent install.
; - a desk PC: Anjungan starts at logon like any program, in a normal window.
!include "FileFunc.nsh"

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/KIOSK" $R1
  IfErrors 0 kiosk
  IfSilent desk
  MessageBox MB_YESNO|MB_ICONQUESTION "Pasang sebagai anjungan mandiri (kiosk)?$\r$\nYa: PC ini hanya menjalankan Anjungan layar penuh untuk warga.$\r$\nTidak: meja layanan petugas." IDYES kiosk IDNO desk
  kiosk:
    nsExec::ExecToLog 'powershell -NoProfile -ExecutionPolicy Bypass -File "$INSTDIR\resources\windows\kiosk-shell.ps1" -AppPath "$INSTDIR\Anjungan.exe"'
    Goto done
  desk:
    WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Anjungan" '"$INSTDIR\Anjungan.exe" --windowed'
  done:
!macroend

!macro customUnInstall
  DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Anjungan"
  ; %APPDATA%\Anjungan is deliberately left in place; so is the kiosk account (a technician removes it).
!macroend
