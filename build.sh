#!/usr/bin/env bash
# Toe build entry point.
#   ./build.sh          publish the native `toe` binary to artifacts/bin/toe
#   ./build.sh test     publish, then run every test; ends with "N passed, N failed, N skipped"
#   ./build.sh bench    publish, then run the benchmarks in bench/
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

host_rid() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=osx ;;
    *) echo "build.sh: unsupported OS $(uname -s); use build.ps1 on Windows" >&2; exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) echo "build.sh: unsupported CPU $(uname -m)" >&2; exit 1 ;;
  esac
  echo "$os-$arch"
}

publish() {
  local rid out
  rid=$(host_rid)
  out="$root/artifacts/bin"
  rm -rf "$out"
  # Native AOT needs a C toolchain (clang or gcc) for the final link; without one, fall back to a
  # self-contained single-file build so a fresh machine with only the .NET SDK still gets a `toe`.
  if command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
    echo "build.sh: publishing native AOT toe for $rid" >&2
    dotnet publish src/Toe.Cli/Toe.Cli.csproj -c Release -r "$rid" -o "$out" -p:PublishAot=true -nologo -v q -clp:ErrorsOnly
  else
    echo "build.sh: no C toolchain found; publishing single-file (not AOT) toe for $rid" >&2
    dotnet publish src/Toe.Cli/Toe.Cli.csproj -c Release -r "$rid" -o "$out" -p:PublishAot=false \
      --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true -nologo -v q -clp:ErrorsOnly
  fi
  rm -f "$out"/*.dbg "$out"/*.pdb
  echo "build.sh: $out/toe" >&2
}

run_tests() {
  publish
  local results="$root/artifacts/test-results"
  rm -rf "$results"
  mkdir -p "$results"
  # End-to-end tests run the published binary itself.
  export TOE_BIN="$root/artifacts/bin/toe"
  set +e
  dotnet test tests/Toe.Tests/Toe.Tests.csproj -c Release -nologo -v q \
    --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@"
  local status=$?
  set -e
  summarize "$results/tests.trx" "$status"
}

# Prints the plain closing line from the TRX counters, and keeps dotnet test's exit status.
summarize() {
  local trx=$1 status=$2
  if [[ ! -f "$trx" ]]; then
    echo "build.sh: no test results were written (build failure?)" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  local counters passed failed total executed
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(attr total); executed=$(attr executed); passed=$(attr passed); failed=$(attr failed)
  failed=$(( failed + $(attr error) + $(attr timeout) + $(attr aborted) ))
  echo "${passed:-0} passed, ${failed:-0} failed, $(( ${total:-0} - ${executed:-0} )) skipped"
  if (( status != 0 )) && (( failed == 0 )); then exit "$status"; fi
  (( failed == 0 )) || exit 1
}

case "${1:-publish}" in
  publish) publish ;;
  test) shift; run_tests "$@" ;;
  bench) shift; publish; exec bash bench/run.sh "$@" ;;
  -h|--help|help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) echo "build.sh: unknown command '$1' (expected: test, bench, or nothing)" >&2; exit 2 ;;
esac
