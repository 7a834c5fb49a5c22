#!/usr/bin/env bash
# Runs one benchmark (Release): scripts/bench.sh <name> [options]; no name lists them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install-deps.sh" >&2
dotnet build "$root/bench/Sam3.Raster.Bench/Sam3.Raster.Bench.csproj" -c Release --nologo -v q -clp:"ErrorsOnly;NoSummary" >&2
exec dotnet "$root/bench/Sam3.Raster.Bench/bin/Release/net10.0/linux-x64/Sam3.Raster.Bench.dll" "$@"
