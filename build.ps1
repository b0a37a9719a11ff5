# Toe build entry point for Windows (PowerShell 7).
#   ./build.ps1          publish the native toe.exe to artifacts/bin
#   ./build.ps1 test     publish, then run every test; ends with "N passed, N failed, N skipped"
param([string]$Command = 'publish')
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'
$arch = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
$rid = "win-$arch"
$out = Join-Path $PSScriptRoot 'artifacts/bin'

function Publish {
    if (Test-Path $out) { Remove-Item -Recurse -Force $out }
    dotnet publish src/Toe.Cli/Toe.Cli.csproj -c Release -r $rid -o $out -p:PublishAot=true -nologo -v q -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

switch ($Command) {
    'publish' { Publish }
    'test' {
        Publish
        $results = Join-Path $PSScriptRoot 'artifacts/test-results'
        if (Test-Path $results) { Remove-Item -Recurse -Force $results }
        $env:TOE_BIN = Join-Path $out 'toe.exe'
        dotnet test tests/Toe.Tests/Toe.Tests.csproj -c Release -nologo -v q --logger 'trx;LogFileName=tests.trx' --results-directory $results
        $status = $LASTEXITCODE
        [xml]$trx = Get-Content (Join-Path $results 'tests.trx')
        $c = $trx.TestRun.ResultSummary.Counters
        $failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        Write-Output "$($c.passed) passed, $failed failed, $([int]$c.total - [int]$c.executed) skipped"
        exit $status
    }
    default { Write-Error "build.ps1: unknown command '$Command' (expected: test, or nothing)"; exit 2 }
}
