#!/usr/bin/env python3
"""Check that the database reproduces the review's material values.

usage: check_reference.py --review review_materials.json --mapping mapping.json --cli SIASSB
Prints one line per entry and a closing 'N passed, M failed'; exits 1 on any failure.
"""
import argparse
import json
import subprocess
import sys


def review_entries(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = {}
    for group in doc["materials"].values():
        for e in group["entries"]:
            out[e["id"]] = e
    return out


def evaluate(cli, row):
    cmd = [cli, "materials", "eval", row["material"], row["property"], "--format", "json"]
    for opt in ("x", "sto", "T"):
        if opt in row:
            cmd += ["--" + opt, repr(float(row[opt]))]
    if "branch" in row:
        cmd += ["--branch", row["branch"]]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"siassb exited {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)["value"]


def expected(entry, row):
    v = entry["value"]
    scale = float(row["scale"])
    pick = row.get("pick", "value")
    if pick == "value":
        if not isinstance(v, (int, float)):
            raise ValueError(f"review value {v!r} is not a single number; use lo/hi/mid/within")
        return float(v) * scale, None
    if not (isinstance(v, list) and len(v) == 2):
        raise ValueError(f"pick {pick!r} needs a printed range, the review has {v!r}")
    lo, hi = sorted((float(v[0]) * scale, float(v[1]) * scale))
    if pick == "lo":
        return lo, None
    if pick == "hi":
        return hi, None
    if pick == "mid":
        return 0.5 * (lo + hi), None
    if pick == "within":
        return None, (lo, hi)
    raise ValueError(f"unknown pick {pick!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--review", required=True)
    ap.add_argument("--mapping", required=True)
    ap.add_argument("--cli", required=True)
    a = ap.parse_args()
    entries = review_entries(a.review)
    with open(a.mapping, encoding="utf-8") as f:
        rows = json.load(f)["rows"]
    passed = failed = 0

    def report(ok, text):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(("ok   " if ok else "FAIL ") + text)

    seen = {}
    for row in rows:
        seen.setdefault(row["entry"], 0)
        seen[row["entry"]] += 1
    for eid in sorted(set(entries) | set(seen)):
        if eid not in seen:
            report(False, f"{eid}: not in the mapping")
        elif eid not in entries:
            report(False, f"{eid}: mapped but not in the review file")
        elif seen[eid] > 1:
            report(False, f"{eid}: mapped {seen[eid]} times")
    covered = 0
    for row in rows:
        eid = row["entry"]
        if eid not in entries:
            continue
        e = entries[eid]
        if not row.get("covered"):
            reason = row.get("reason", "")
            report(len(reason) > 10, f"{eid} ({e['property']}): not covered: {reason}")
            continue
        covered += 1
        try:
            target, window = expected(e, row)
            value = evaluate(a.cli, row)
        except Exception as exc:  # a broken row is a failure, not a crash
            report(False, f"{eid}: {exc}")
            continue
        if window:
            lo, hi = window
            slack = row.get("rel_tol", 0.0) * max(abs(lo), abs(hi)) + row.get("abs_tol", 0.0)
            ok = lo - slack <= value <= hi + slack
            report(ok, f"{eid}: {row['material']} {row['property']} = {value:.6g}, "
                       f"review range [{lo:.6g}, {hi:.6g}]")
        else:
            tol = row.get("rel_tol", 0.0) * abs(target) + row.get("abs_tol", 0.0)
            ok = tol > 0 and abs(value - target) <= tol
            report(ok, f"{eid}: {row['material']} {row['property']} = {value:.6g}, "
                       f"review {target:.6g} (tolerance {tol:.3g})")
    print(f"{covered} of {len(entries)} review entries covered by the database")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
