#!/bin/sh
# The shared library exports exactly the functions listed in the map, under
# the one version node SIASSB_0, and nothing else.
# usage: check_exports.sh LIBRARY MAPFILE
set -eu
lib=$1
map=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort > "$tmp/exported"
{ sed -n 's/^[[:space:]]*\(siassb_[A-Za-z0-9_]*\);.*/\1/p' "$map"; echo SIASSB_0; } | sort > "$tmp/listed"
if ! cmp -s "$tmp/exported" "$tmp/listed"; then
  echo "exported symbols differ from $map (< exported, > listed):"
  diff "$tmp/exported" "$tmp/listed" || true
  exit 1
fi
# every exported function carries the version node
if nm -D --defined-only --with-symbol-versions "$lib" | grep ' T ' | grep -v '@@SIASSB_0$' ; then
  echo "functions above lack the SIASSB_0 version"
  exit 1
fi
echo "$(grep -c . "$tmp/listed") symbols exported, as listed in the map"
