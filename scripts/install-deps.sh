#!/usr/bin/env bash
# Installs what sam3r needs from Debian 12 when it is missing: GDAL (runtime, tools, Python
# bindings for gdal_polygonize.py), python3-onnx and rasterio (independent references in tests),
# SQLite, PostgreSQL with PostGIS (multi-node persistence and PostGIS output tests) and Node.js packages for the second GeoParquet reader.
# Safe to run again: it only installs what is absent.
set -euo pipefail
want=(gdal-bin libgdal-dev python3-gdal python3-onnx python3-rasterio sqlite3)
if [ "${1:-}" = "--tests" ]; then want+=(postgresql postgresql-15-postgis-3 iproute2 chromium); fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "sam3r: installing ${missing[*]} (apt-get)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "sam3r: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi
