#!/bin/sh
# Rewrites the committed files generated from the key registry:
# doc/materials.schema.json and the key tables of doc/database.md, from the
# key registry, doc/materials.md, from the embedded database, and the
# parameter and preset tables of doc/cell.md, from the cell registry and
# data/cells.
# usage: update-generated.sh GEN_DBDOC SOURCE_ROOT [--check]
set -eu
gen=$1
root=$2
mode=${3:-update}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" schema "$tmp/schema.json"
"$gen" markdown "$tmp/keys.md"
"$gen" materials "$tmp/materials.md"
"$gen" cells "$tmp/cells.md"
# Replace what lies between the markers in doc/database.md.
awk -v keys="$tmp/keys.md" '
  /<!-- BEGIN KEYS -->/ { print; while ((getline line < keys) > 0) print line; skip = 1; next }
  /<!-- END KEYS -->/ { skip = 0 }
  !skip { print }
' "$root/doc/database.md" > "$tmp/database.md"
grep -q '<!-- BEGIN CELLS -->' "$root/doc/cell.md" && grep -q '<!-- END CELLS -->' "$root/doc/cell.md" ||
  { echo "doc/cell.md lacks the <!-- BEGIN CELLS --> and <!-- END CELLS --> markers"; exit 1; }
awk -v cells="$tmp/cells.md" '
  /<!-- BEGIN CELLS -->/ { print; while ((getline line < cells) > 0) print line; skip = 1; next }
  /<!-- END CELLS -->/ { skip = 0 }
  !skip { print }
' "$root/doc/cell.md" > "$tmp/cell.md"
if [ "$mode" = "--check" ]; then
  status=0
  cmp -s "$tmp/schema.json" "$root/doc/materials.schema.json" ||
    { echo "doc/materials.schema.json is stale: run 'ninja -C build update-schema'"; status=1; }
  cmp -s "$tmp/database.md" "$root/doc/database.md" ||
    { echo "the key tables of doc/database.md are stale: run 'ninja -C build update-schema'"; status=1; }
  cmp -s "$tmp/materials.md" "$root/doc/materials.md" ||
    { echo "doc/materials.md is stale: run 'ninja -C build update-schema'"; status=1; }
  cmp -s "$tmp/cell.md" "$root/doc/cell.md" ||
    { echo "the tables of doc/cell.md are stale: run 'ninja -C build update-schema'"; status=1; }
  [ $status -eq 0 ] && echo "generated files are current"
  exit $status
fi
cp "$tmp/schema.json" "$root/doc/materials.schema.json"
cp "$tmp/database.md" "$root/doc/database.md"
cp "$tmp/materials.md" "$root/doc/materials.md"
cp "$tmp/cell.md" "$root/doc/cell.md"
echo "updated doc/materials.schema.json, doc/database.md, doc/materials.md and doc/cell.md"
