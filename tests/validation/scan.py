"""Scan one global parameter over values and report what it does to the
in-sample rows of doc/validation.md: the groundwork of the fit part 1
allows (only global parameters, only on in-sample rows).

  python3 tests/validation/scan.py --cli build/tools/siassb \\
      --key interphase_transport_A_per_m --family "passivating sulfides" \\
      --values 1e-12,1e-11,1e-10,1e-9
  python3 tests/validation/scan.py --cli build/tools/siassb \\
      --param contact.loss_per_strain --values 0,0.01,0.02,0.04

With --key, every database entry whose KEY carries the given family gets
each value in turn (through `siassb --db`, the database itself is not
touched); with --param, every in-sample row runs with that cell parameter
set (`--set`). Per value the in-sample metrics are printed with their
errors and whether they fall within tolerance, and a score (sum of squared
errors over tolerances); a row whose run fails (a cell that dies) counts
as failed."""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import validate  # noqa: E402


def overrides(key, family, value):
    """A materials file with every entry of the family set to value."""
    mats = []
    for name in sorted(os.listdir(os.path.join(ROOT, "data", "materials"))):
        for m in json.load(open(os.path.join(ROOT, "data", "materials", name)))["materials"]:
            p = m["parameters"].get(key)
            if p and p.get("family") == family:
                m = json.loads(json.dumps(m))
                m["parameters"][key]["value"] = value
                m["parameters"][key]["source"] = "scan.py trial value"
                mats.append(m)
    return {"format": "siassb-materials", "format_version": 1, "materials": mats}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--key")
    ap.add_argument("--family")
    ap.add_argument("--param")
    ap.add_argument("--values", required=True)
    args = ap.parse_args()
    if bool(args.param) == bool(args.key and args.family):
        sys.exit("give either --key and --family (a database value) or --param (a cell parameter)")
    reference = json.load(open(os.path.join(HERE, "reference.json")))
    rows = [r for r in reference["rows"] if r["set"] == "in"]
    for value in [float(v) for v in args.values.split(",")]:
        data = overrides(args.key, args.family, value) if args.key else {"materials": []}
        if args.key and not data["materials"]:
            sys.exit("no entry has {} of family '{}'".format(args.key, args.family))
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(data, f)
            path = f.name
        how = ["--db", path] if args.key else []
        extra = ["--set", "{}={!r}".format(args.param, value)] if args.param else []
        try:
            score, within, total, parts = 0.0, 0, 0, []
            for row in rows:
                run = subprocess.run([args.cli] + how + ["cycle", "--preset", row["preset"],
                                      "--format", "json"] + extra, capture_output=True, text=True, timeout=1800)
                if run.returncode != 0:
                    parts.append("{} failed".format(row["row"]))
                    continue
                for name, sim, printed, kind in validate.metrics_of(row, json.loads(run.stdout)["cycles"]):
                    err, ok = validate.judge(kind, sim, printed["value"], True, printed.get("at_least", False))
                    tol = validate.TOLERANCE[kind][1] * (100.0 if validate.TOLERANCE[kind][0] == "ratio" else 1.0)
                    score += (err / tol) ** 2
                    within += ok
                    total += 1
                    parts.append("{} {} {:+.1f}{}".format(row["row"], name.split(" (")[0], err, "" if ok else "!"))
        finally:
            os.unlink(path)
        print("{} = {:g}{}: {} of {} within, score {:.1f}".format(
            args.key or args.param, value,
            " ({} entries)".format(len(data["materials"])) if args.key else "", within, total, score))
        print("   " + " | ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
