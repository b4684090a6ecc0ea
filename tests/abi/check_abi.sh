#!/bin/sh
# Compares the ABI of the built library with the committed baseline
# (abi/libsiassb.abi, written by abidw). With --update, rewrites the baseline:
# do that on purpose, in the commit that changes the ABI (ninja update-abi).
# usage: check_abi.sh LIBRARY BASELINE HEADERS_DIR [--update]
set -eu
lib=$1
baseline=$2
headers=$3
mode=${4:-check}
if ! command -v abidw >/dev/null 2>&1 || ! command -v abidiff >/dev/null 2>&1; then
  echo "abidw/abidiff not found: install Debian's abigail-tools"
  exit 1
fi
if [ "$mode" = "--update" ]; then
  abidw --no-corpus-path --no-comp-dir-path --headers-dir "$headers" --drop-private-types \
    --out-file "$baseline" "$lib"
  echo "wrote $baseline"
  exit 0
fi
if [ ! -f "$baseline" ]; then
  echo "no ABI baseline at $baseline: run 'ninja -C build update-abi' and commit it"
  exit 1
fi
if abidiff --headers-dir2 "$headers" --drop-private-types "$baseline" "$lib"; then
  echo "ABI equals the baseline"
else
  echo "ABI differs from the baseline (above). If the change is intended, run"
  echo "'ninja -C build update-abi' and commit abi/libsiassb.abi with it."
  exit 1
fi
