# Anjungan kiosk account on Windows (Enterprise/Education/IoT: Shell Launcher v1).
# Run by the installer when "kiosk" is chosen (or by a technician as Administrator):
#   powershell -ExecutionPolicy Bypass -File kiosk-shell.ps1 -AppPath "C:\Program Files\Anjungan\Anjungan.exe"
# It creates the local user "anjungan-kiosk" (no password: the PC logs it on automatically) whose
# shell is Anjungan itself, full screen: no desktop, no Start menu, no Explorer. If Anjungan exits,
# Shell Launcher starts it again. Administrators keep the normal Explorer shell.
param(
  [Parameter(Mandatory = $true)][string]$AppPath,
  [string]$UserName = "anjungan-kiosk"
)
$ErrorActionPreference = "Stop"

# 1. Shell Launcher (a Windows feature; a restart may be needed the first time).
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne "Enabled") { Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -NoRestart | Out-Null }

# 2. The kiosk account, standard user, logged on automatically.
if (-not (Get-LocalUser -Name $UserName -ErrorAction SilentlyContinue)) {
  New-LocalUser -Name $UserName -NoPassword -AccountNeverExpires -UserMayNotChangePassword -Description "Anjungan kiosk" | Out-Null
  Add-LocalGroupMember -Group "Users" -Member $UserName
}
$winlogon = "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
Set-ItemProperty $winlogon -Name AutoAdminLogon -Value "1"
Set-ItemProperty $winlogon -Name DefaultUserName -Value $UserName
Set-ItemProperty $winlogon -Name DefaultPassword -Value ""

# 3. Anjungan as that user's shell; restart it whenever it exits (action 0), Explorer for everyone else.
$sid = (Get-LocalUser -Name $UserName).SID.Value
$launcher = [wmiclass]"\\.\root\standardcimv2\embedded:WESL_UserSetting"
$launcher.SetDefaultShell("explorer.exe", 0) | Out-Null
try { $launcher.RemoveCustomShell($sid) | Out-Null } catch { }
$launcher.SetCustomShell($sid, "`"$AppPath`" --kiosk", $null, $null, 0) | Out-Null
$launcher.SetEnabled($true) | Out-Null

# 4. No way out by keyboard for that user: Ctrl+Alt+Del options off, no task manager, no lock switch.
$policies = "Registry::HKEY_USERS\$sid\Software\Microsoft\Windows\CurrentVersion\Policies\System"
if (Test-Path "Registry::HKEY_USERS\$sid") {
  New-Item -Path $policies -Force | Out-Null
  Set-ItemProperty $policies -Name DisableTaskMgr -Value 1
  Set-ItemProperty $policies -Name DisableLockWorkstation -Value 1
  Set-ItemProperty $policies -Name DisableChangePassword -Value 1
}
# 5. No way out by touch: edge swipes (Action Center, Task View, the app bar) off on this PC.
$edgeUi = "HKLM:\SOFTWARE\Policies\Microsoft\Windows\EdgeUI"
New-Item -Path $edgeUi -Force | Out-Null
Set-ItemProperty $edgeUi -Name AllowEdgeSwipe -Value 0 -Type DWord

Write-Output "Anjungan kiosk account '$UserName' is set up. Restart the PC to start the kiosk."
