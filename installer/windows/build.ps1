<#
.SYNOPSIS
    Builds mdtdesk's Windows installer: the PyInstaller one-folder bundle, then
    dist\mdtdesk-<version>-setup.exe with NSIS.

.DESCRIPTION
    Run from anywhere (it works from the repository root), with the Python that has mdtdesk and
    PyInstaller installed (pip install -e ".[installer]") first on PATH, or named with -Python:

        powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1

    1. reads the version from pyproject.toml ([project] version, with Python's tomllib);
    2. runs  python -m PyInstaller installer/mdtdesk.spec --noconfirm  (dist\mdtdesk\mdtdesk.exe);
    3. runs  makensis /DVERSION=... /DVERSION_QUAD=... /DDIST_DIR=... /DOUT_FILE=...
             installer\windows\mdtdesk.nsi
       giving dist\mdtdesk-<version>-setup.exe.
    makensis is taken from PATH, else from NSIS's usual folders (choco install nsis puts it in
    "C:\Program Files (x86)\NSIS").

.PARAMETER Python
    The Python to use (default: python on PATH).

.PARAMETER SkipBundle
    Use the dist\mdtdesk already built instead of running PyInstaller again.
#>
[CmdletBinding()]
param(
    [string]$Python = "python",
    [switch]$SkipBundle
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root

function Invoke-Native {
    param([string]$FilePath, [string[]]$Arguments)
    Write-Host "> $FilePath $($Arguments -join ' ')"
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath exited with code $LASTEXITCODE"
    }
}

# 1. The version, from pyproject.toml.
$version = & $Python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
if ($LASTEXITCODE -ne 0 -or -not $version) {
    throw "Cannot read the version from pyproject.toml with $Python (Python 3.11 or later is needed)"
}
$version = $version.Trim()
# The file version wants four numbers: the release part only (0.1.0rc1 -> 0.1.0.0).
if ($version -notmatch '^(\d+(\.\d+)*)') {
    throw "The version '$version' in pyproject.toml does not start with a number"
}
$parts = [System.Collections.Generic.List[string]]($Matches[1] -split '\.')
while ($parts.Count -lt 4) { $parts.Add("0") }
$versionQuad = ($parts | Select-Object -First 4) -join '.'
Write-Host "mdtdesk $version (file version $versionQuad)"

# 2. The one-folder bundle.
$dist = Join-Path $root "dist\mdtdesk"
if (-not $SkipBundle) {
    Invoke-Native $Python @("-m", "PyInstaller", "installer/mdtdesk.spec", "--noconfirm")
}
if (-not (Test-Path (Join-Path $dist "mdtdesk.exe"))) {
    throw "No $dist\mdtdesk.exe: the PyInstaller build did not make it"
}

# 3. The installer.
$makensis = Get-Command makensis -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source -First 1
if (-not $makensis) {
    $candidates = @(
        (Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe"),
        (Join-Path $env:ProgramFiles "NSIS\makensis.exe")
    )
    $makensis = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
}
if (-not $makensis) {
    throw "makensis not found: install NSIS 3 (choco install nsis -y, or from nsis.sourceforge.io)"
}
$setup = Join-Path $root "dist\mdtdesk-$version-setup.exe"
if (Test-Path $setup) { Remove-Item $setup }
Invoke-Native $makensis @(
    "/V3",
    "/DVERSION=$version",
    "/DVERSION_QUAD=$versionQuad",
    "/DDIST_DIR=$dist",
    "/DOUT_FILE=$setup",
    (Join-Path $root "installer\windows\mdtdesk.nsi")
)
if (-not (Test-Path $setup)) {
    throw "makensis did not write $setup"
}
$size = (Get-Item $setup).Length / 1048576
Write-Host ("Built {0} ({1:N1} MB)" -f $setup, $size)
