#!/usr/bin/env bash
# Runs one benchmark (Release): scripts/bench.sh <name> [options]; no name lists them.
# The end-to-end benchmarks (pipeline, cluster, faults) start sam3r published ReadyToRun, as the docker
# images deploy it; SAM3R_BENCH_JIT=1 starts the plain build instead (what ./sam3r runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install-deps.sh" >&2
dotnet build "$root/bench/Sam3.Raster.Bench/Sam3.Raster.Bench.csproj" -c Release --nologo -v q -clp:"ErrorsOnly;NoSummary" >&2
case "${1:-}" in
  pipeline|cluster|faults)
    if [[ "${SAM3R_BENCH_JIT:-0}" != 1 ]]; then
      out="$root/bench/.published/sam3r"
      echo "publishing sam3r ReadyToRun to $out (minutes the first time)" >&2
      dotnet publish "$root/src/Sam3.Raster.Cli/Sam3.Raster.Cli.csproj" -c Release -p:PublishReadyToRun=true -o "$out" --nologo -v q -clp:"ErrorsOnly;NoSummary" >&2
      export SAM3R_BENCH_CLI="$out/sam3r.dll"
    fi
    ;;
esac
exec dotnet "$root/bench/Sam3.Raster.Bench/bin/Release/net10.0/linux-x64/Sam3.Raster.Bench.dll" "$@"
