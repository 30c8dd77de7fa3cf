<#
.SYNOPSIS
    Silent install and silent uninstall of dist\mdtdesk-<version>-setup.exe, checked.

.DESCRIPTION
    As IT would deploy it, for the current user:
      1. a silent install into mdtdesk's data folder is refused (exit code 2) and writes nothing;
      2. setup.exe /S /D=<folder with a space> installs every file of dist\mdtdesk there, the
         Start-menu and desktop shortcuts, and the uninstall entry in HKCU with its values;
         the installed mdtdesk-cli.exe --version runs;
      3. the QuietUninstallString removes the program folder, the shortcuts and the entry, and
         leaves the data in %LOCALAPPDATA%\mdtdesk (a database and a backup put there first)
         exactly as it was.
    Meant for a CI runner or a throwaway account: it installs and uninstalls mdtdesk for the
    user running it. It stops at once if mdtdesk is already installed for that user.

.PARAMETER Setup
    The installer (default: the newest dist\mdtdesk-*-setup.exe).

.PARAMETER InstallDir
    Where to install (default: "mdtdesk install test" in RUNNER_TEMP, else TEMP).
#>
[CmdletBinding()]
param(
    [string]$Setup = "",
    [string]$InstallDir = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$dist = Join-Path $root "dist\mdtdesk"
if (-not $Setup) {
    $Setup = Get-ChildItem -Path (Join-Path $root "dist") -Filter "mdtdesk-*-setup.exe" |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1 -ExpandProperty FullName
    if (-not $Setup) { throw "No dist\mdtdesk-*-setup.exe: run installer\windows\build.ps1 first" }
}
if ((Split-Path -Leaf $Setup) -notmatch '^mdtdesk-(.+)-setup\.exe$') { throw "Unexpected installer name: $Setup" }
$version = $Matches[1]
if (-not $InstallDir) {
    $base = if ($env:RUNNER_TEMP) { $env:RUNNER_TEMP } else { $env:TEMP }
    $InstallDir = Join-Path $base "mdtdesk install test"
}

$key = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\mdtdesk"
$dataDir = Join-Path $env:LOCALAPPDATA "mdtdesk"
$startMenuLink = Join-Path ([Environment]::GetFolderPath("Programs")) "mdtdesk.lnk"
$desktopLink = Join-Path ([Environment]::GetFolderPath("Desktop")) "mdtdesk.lnk"

if (Test-Path $key) { throw "mdtdesk is already installed for this user ($key): not a clean machine" }

function Invoke-Setup {
    param([string]$Arguments)
    # /D= must be last and unquoted, spaces and all: Start-Process passes this string as it is.
    Write-Host "> $(Split-Path -Leaf $Setup) $Arguments"
    $process = Start-Process -FilePath $Setup -ArgumentList $Arguments -Wait -PassThru
    $process.ExitCode
}

function Wait-Gone {
    param([string]$Path, [int]$Seconds = 120)
    $deadline = (Get-Date).AddSeconds($Seconds)
    while (Test-Path $Path) {
        if ((Get-Date) -gt $deadline) { return $false }
        Start-Sleep -Milliseconds 500
    }
    $true
}

# The user's data, which must come through untouched.
New-Item -ItemType Directory -Force -Path (Join-Path $dataDir "backups") | Out-Null
$dataFiles = @(
    (Join-Path $dataDir "installer-test.db"),
    (Join-Path $dataDir "backups\installer-test-2026-11-23T091230Z.db")
)
foreach ($file in $dataFiles) { Set-Content -Path $file -Value "data that must be kept: $file" }
$dataBefore = @(Get-ChildItem -Path $dataDir -Recurse -File | ForEach-Object { $_.FullName })
$hashesBefore = @($dataFiles | ForEach-Object { (Get-FileHash $_).Hash })

# 1. The data folder is refused.
$code = Invoke-Setup "/S /D=$dataDir"
if ($code -ne 2) { throw "A silent install into the data folder exited $code, not 2" }
if (Test-Path (Join-Path $dataDir "mdtdesk.exe")) { throw "A refused install wrote into the data folder" }
if (Test-Path $key) { throw "A refused install registered itself" }
Write-Host "  ok: the data folder is refused (exit code 2)"

# 2. Install.
$code = Invoke-Setup "/S /D=$InstallDir"
if ($code -ne 0) { throw "The silent install exited $code" }
$missing = @(Get-ChildItem -Path $dist -Recurse -File | Where-Object {
        $relative = $_.FullName.Substring($dist.Length + 1)
        $installed = Join-Path $InstallDir $relative
        -not (Test-Path $installed) -or (Get-Item $installed).Length -ne $_.Length
    })
if ($missing.Count -gt 0) {
    throw "Not installed as built: $(($missing | Select-Object -First 5 | ForEach-Object FullName) -join ', ')"
}
foreach ($file in @("mdtdesk.exe", "Uninstall.exe", "mdtdesk.ico")) {
    if (-not (Test-Path (Join-Path $InstallDir $file))) { throw "No $file in $InstallDir" }
}
$shell = New-Object -ComObject WScript.Shell
foreach ($link in @($startMenuLink, $desktopLink)) {
    if (-not (Test-Path $link)) { throw "No shortcut $link" }
    $target = $shell.CreateShortcut($link).TargetPath
    if ($target -ne (Join-Path $InstallDir "mdtdesk.exe")) { throw "$link points to $target" }
}
$entry = Get-ItemProperty -Path $key
$expected = @{
    DisplayName          = "mdtdesk"
    DisplayVersion       = $version
    InstallLocation      = $InstallDir
    DisplayIcon          = (Join-Path $InstallDir "mdtdesk.ico")
    UninstallString      = '"' + (Join-Path $InstallDir "Uninstall.exe") + '"'
    QuietUninstallString = '"' + (Join-Path $InstallDir "Uninstall.exe") + '" /S'
    NoModify             = 1
    NoRepair             = 1
}
foreach ($name in $expected.Keys) {
    $actual = $entry.PSObject.Properties[$name]
    if ($null -eq $actual -or $actual.Value -ne $expected[$name]) {
        throw "Uninstall entry ${name}: '$(if ($actual) { $actual.Value })', expected '$($expected[$name])'"
    }
}
if (-not $entry.Publisher) { throw "Uninstall entry has no Publisher" }
$bundleKilobytes = (Get-ChildItem -Path $dist -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1024
if ($entry.EstimatedSize -lt 0.9 * $bundleKilobytes) {
    throw "EstimatedSize $($entry.EstimatedSize) KB is below the bundle's $([int]$bundleKilobytes) KB"
}
$cli = Join-Path $InstallDir "mdtdesk-cli.exe"
if (-not (Test-Path $cli)) { $cli = Join-Path $InstallDir "mdtdesk.exe" }
$run = Start-Process -FilePath $cli -ArgumentList "--version" -NoNewWindow -Wait -PassThru
if ($run.ExitCode -ne 0) { throw "The installed $(Split-Path -Leaf $cli) --version exited $($run.ExitCode)" }
Write-Host "  ok: installed into '$InstallDir', shortcuts and uninstall entry ($version) in place"

# 3. Uninstall as IT would, with the QuietUninstallString. The uninstaller hands over to a copy
# of itself and returns at once, so wait for the folder to go.
$quiet = $entry.QuietUninstallString
if ($quiet -notmatch '^"([^"]+)"\s+(.*)$') { throw "Cannot read QuietUninstallString: $quiet" }
Write-Host "> $quiet"
$process = Start-Process -FilePath $Matches[1] -ArgumentList $Matches[2] -Wait -PassThru
if ($process.ExitCode -ne 0) { throw "The silent uninstall exited $($process.ExitCode)" }
if (-not (Wait-Gone (Join-Path $InstallDir "Uninstall.exe"))) { throw "The uninstaller did not finish in 120 s" }
if (-not (Wait-Gone $InstallDir 30)) {
    throw "The uninstall left $InstallDir holding: $((Get-ChildItem $InstallDir -Recurse).FullName -join ', ')"
}
foreach ($link in @($startMenuLink, $desktopLink)) {
    if (Test-Path $link) { throw "The uninstall left $link" }
}
if (Test-Path $key) { throw "The uninstall left $key" }
$gone = @($dataBefore | Where-Object { -not (Test-Path $_) })
if ($gone.Count -gt 0) { throw "The uninstall deleted user data: $($gone -join ', ')" }
for ($i = 0; $i -lt $dataFiles.Count; $i++) {
    if ((Get-FileHash $dataFiles[$i]).Hash -ne $hashesBefore[$i]) { throw "The uninstall changed $($dataFiles[$i])" }
}
foreach ($file in $dataFiles) { Remove-Item $file }
Write-Host "  ok: uninstalled; $dataDir and its backups folder kept as they were"
Write-Host "Silent install and uninstall test passed."
