# Authenticode-signs one file for the Tauri bundler (`signCommand`, see release-config.mjs): the
# app's .exe, then the NSIS and MSI installers. The certificate is a base64 .pfx in
# WINDOWS_CERTIFICATE with its password in WINDOWS_CERTIFICATE_PASSWORD (repository secrets);
# it is written to the runner's temp folder only for the duration of this call.
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"
$kits = "${env:ProgramFiles(x86)}\Windows Kits\10\bin"
$signtool = Get-ChildItem -Path $kits -Recurse -Filter signtool.exe |
  Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName | Select-Object -Last 1
if (-not $signtool) { throw "signtool.exe not found under $kits" }
$pfx = Join-Path $env:RUNNER_TEMP "tahsildar-signing.pfx"
try {
  [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
  & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
    /tr http://timestamp.digicert.com /td SHA256 /d Tahsildar $File
  if ($LASTEXITCODE -ne 0) { throw "signtool failed ($LASTEXITCODE) on $File" }
} finally {
  Remove-Item -Force -ErrorAction SilentlyContinue $pfx
}
