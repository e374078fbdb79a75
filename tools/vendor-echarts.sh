#!/usr/bin/env bash
# Vendors Apache ECharts (from the npm registry) as a static file of the supervision app, so the
# platform serves its charts itself (no CDN) and neither CI nor a deployment needs npm.
# The output is committed; run this again only to change the version:
#   bash tools/vendor-echarts.sh [VERSION]      # default: the pinned version below
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-6.1.0}"
out=src/gongkai/supervision/static/supervision/vendor
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null && tar xzf "echarts-$version.tgz")
mkdir -p "$out"
# "common": line, bar, pie … with both the canvas and the SVG renderer (the pages use SVG).
cp "$tmp/package/dist/echarts.common.min.js" "$out/echarts.min.js"
cp "$tmp/package/LICENSE" "$out/ECHARTS-LICENSE.txt"
cp "$tmp/package/NOTICE" "$out/ECHARTS-NOTICE.txt"
echo "$version" > "$out/ECHARTS-VERSION.txt"
sha256sum "$out/echarts.min.js"
