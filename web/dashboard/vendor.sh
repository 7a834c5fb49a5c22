#!/bin/sh
# Copies the dashboard's browser libraries from node_modules into the node's static files
# (src/Sam3.Raster.Api/wwwroot/vendor), which are committed: a node serves them and needs no npm.
# Refresh: cd web/dashboard && npm install && npm run vendor (after changing a version in package.json).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/../../src/Sam3.Raster.Api/wwwroot/vendor/leaflet"
rm -rf "$dest"
mkdir -p "$dest/images"
dist="$here/node_modules/leaflet/dist"
cp "$dist/leaflet.js" "$dist/leaflet.css" "$dest/"
cp "$dist"/images/*.png "$dest/images/"
cp "$here/node_modules/leaflet/LICENSE" "$dest/LICENSE"
echo "vendored leaflet $(node -p "require('$here/node_modules/leaflet/package.json').version") into $dest"
