<#
.SYNOPSIS
    Smoke test of the frozen Windows build (dist\mdtdesk), with no Python on PATH.

.DESCRIPTION
    Runs the bundled programs as a user's machine would, without Python:
      1. mdtdesk-cli.exe --version, then demo --db <temp>\demo.db;
      2. meetings --json, for a meeting's id (a closed one when there is one);
      3. export minutes of that meeting as PDF and as DOCX (and the redacted PDF), checking
         each file is a real PDF or DOCX;
      4. mdtdesk.exe --db demo.db with QT_QPA_PLATFORM=offscreen and MDTDESK_SMOKE_TEST=1: the
         window opens, paints once and exits 0.
    It prints the bundle's size and the time to the first paint, and adds them to the GitHub job
    summary when run there. Any failure stops it with a message and exit code 1.

    The command line is mdtdesk-cli.exe (a console program); mdtdesk.exe is the windowed one. A
    build with only mdtdesk.exe is tested with mdtdesk.exe for both.

.PARAMETER Bundle
    The one-folder build (default: dist\mdtdesk in the repository).

.PARAMETER WorkDir
    Where to put the demo database and the exports (default: a new mdtdesk-smoke folder in
    RUNNER_TEMP, else TEMP).
#>
[CmdletBinding()]
param(
    [string]$Bundle = "",
    [string]$WorkDir = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
if (-not $Bundle) { $Bundle = Join-Path $root "dist\mdtdesk" }
$Bundle = (Resolve-Path $Bundle).Path
$gui = Join-Path $Bundle "mdtdesk.exe"
$cli = Join-Path $Bundle "mdtdesk-cli.exe"
if (-not (Test-Path $gui)) { throw "No ${gui}: build the bundle first (installer\windows\build.ps1)" }
if (-not (Test-Path $cli)) { $cli = $gui }

if (-not $WorkDir) {
    $base = if ($env:RUNNER_TEMP) { $env:RUNNER_TEMP } else { $env:TEMP }
    $WorkDir = Join-Path $base "mdtdesk-smoke"
}
if (Test-Path $WorkDir) { Remove-Item -Recurse -Force $WorkDir }
New-Item -ItemType Directory -Path $WorkDir | Out-Null

# No Python for the bundle: take every Python folder off PATH and drop Python's variables. A
# passphrase in the environment would make an encrypted demo; this one is plain.
$env:PATH = (($env:PATH -split ';') | Where-Object { $_ -and $_ -notmatch '(?i)python' }) -join ';'
foreach ($name in @("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "MDTDESK_PASSPHRASE")) {
    Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue
}

function Format-Arguments {
    param([string[]]$Arguments)
    ($Arguments | ForEach-Object { if ($_ -match '[\s"]') { '"' + $_ + '"' } else { $_ } }) -join ' '
}

# Runs a bundled program, waits for it (a windowed program too) and returns its output; throws
# when it fails or outlasts the timeout.
function Invoke-Bundled {
    param(
        [string]$Program,
        [string[]]$Arguments,
        [int]$TimeoutSeconds = 300,
        [hashtable]$Environment = @{}
    )
    $stdoutFile = Join-Path $WorkDir "stdout.txt"
    $stderrFile = Join-Path $WorkDir "stderr.txt"
    $line = "$(Split-Path -Leaf $Program) $(Format-Arguments $Arguments)"
    Write-Host "> $line"
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $process = Start-Process -FilePath $Program -ArgumentList (Format-Arguments $Arguments) `
            -NoNewWindow -PassThru -RedirectStandardOutput $stdoutFile -RedirectStandardError $stderrFile
        $null = $process.Handle  # keeps the exit code readable once the process has gone
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill()
            throw "$line did not finish within $TimeoutSeconds s"
        }
        $process.WaitForExit()
        $watch.Stop()
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $stdout = Get-Content -Raw -Path $stdoutFile
    $stderr = Get-Content -Raw -Path $stderrFile
    if ($null -eq $stdout) { $stdout = "" }
    if ($null -eq $stderr) { $stderr = "" }
    if ($stderr.Trim()) { Write-Host $stderr.TrimEnd() }
    if ($process.ExitCode -ne 0) {
        throw "$line exited with code $($process.ExitCode)`n$stdout`n$stderr"
    }
    [pscustomobject]@{ Out = $stdout; Seconds = $watch.Elapsed.TotalSeconds }
}

function Assert-Document {
    param([string]$Path, [string]$Magic)
    if (-not (Test-Path $Path)) { throw "No $Path" }
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -lt 1024) { throw "$Path is only $($bytes.Length) bytes" }
    $start = [Text.Encoding]::ASCII.GetString($bytes, 0, $Magic.Length)
    if ($start -ne $Magic) { throw "$Path does not start with '$Magic' (found '$start')" }
    Write-Host ("  {0}: {1:N0} bytes" -f (Split-Path -Leaf $Path), $bytes.Length)
}

# 1. The command line: version and a demo database.
$version = (Invoke-Bundled $cli @("--version")).Out.Trim()
if (-not $version) { throw "$cli --version printed nothing: is the command line a console program?" }
Write-Host "  $version"
$db = Join-Path $WorkDir "demo.db"
Invoke-Bundled $cli @("demo", "--db", $db) | Out-Null
if (-not (Test-Path $db)) { throw "demo made no $db" }

# 2. A meeting to export.
$json = (Invoke-Bundled $cli @("meetings", "--db", $db, "--json")).Out
$meetings = @($json | ConvertFrom-Json)
if ($meetings.Count -eq 0) { throw "meetings --json listed no meeting" }
$closed = @($meetings | Where-Object { $_.status -eq "closed" })
$meeting = if ($closed.Count -gt 0) { $closed[0] } else { $meetings[0] }
Write-Host "  meeting $($meeting.id): $($meeting.date), $($meeting.status), $($meeting.items) items"

# 3. Its minutes as PDF and DOCX (the documents need the bundled fonts and Word template).
$pdf = Join-Path $WorkDir "minutes.pdf"
$docx = Join-Path $WorkDir "minutes.docx"
$redacted = Join-Path $WorkDir "minutes-redacted.pdf"
Invoke-Bundled $cli @("export", "minutes", "--db", $db, "--meeting", "$($meeting.id)", "--format", "pdf", "--out", $pdf) | Out-Null
Invoke-Bundled $cli @("export", "minutes", "--db", $db, "--meeting", "$($meeting.id)", "--format", "docx", "--out", $docx) | Out-Null
Invoke-Bundled $cli @("export", "minutes", "--db", $db, "--meeting", "$($meeting.id)", "--format", "pdf", "--redacted", "--out", $redacted) | Out-Null
Assert-Document $pdf "%PDF"
Assert-Document $docx "PK"
Assert-Document $redacted "%PDF"
Invoke-Bundled $cli @("check", "--db", $db) | Out-Null

# 4. The window: opens offscreen, paints once, exits 0.
$smoke = Invoke-Bundled $gui @("--db", $db) -TimeoutSeconds 180 -Environment @{
    QT_QPA_PLATFORM    = "offscreen"
    MDTDESK_SMOKE_TEST = "1"
}
$paint = $smoke.Out.Trim()
if (-not $paint) { $paint = "(the windowed program prints nothing)" }
Write-Host ("  window painted and closed in {0:N2} s: {1}" -f $smoke.Seconds, $paint)

# The bundle's size, for the README's figures.
$files = @(Get-ChildItem -Path $Bundle -Recurse -File)
$megabytes = ($files | Measure-Object -Property Length -Sum).Sum / 1048576
$summary = @(
    "### Frozen Windows build",
    "",
    "| | |",
    "|---|---|",
    "| version | $version |",
    ("| bundle (dist\mdtdesk, unpacked) | {0:N1} MB in {1} files |" -f $megabytes, $files.Count),
    ("| start to the first paint, offscreen (wall clock) | {0:N2} s |" -f $smoke.Seconds),
    "| first paint (the app's own figure) | $paint |",
    "| demo, meetings, minutes PDF + DOCX + redacted PDF, check | passed |"
)
$summary | ForEach-Object { Write-Host $_ }
if ($env:GITHUB_STEP_SUMMARY) { $summary | Add-Content -Path $env:GITHUB_STEP_SUMMARY }
Write-Host "Frozen build smoke test passed."
