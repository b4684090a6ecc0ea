"""Figures of doc/validation.md, made from simulations run through the
siassb CLI. Writing them needs Debian's python3-matplotlib:

  python3 tests/validation/figures.py --cli build/tools/siassb --write

--check (run by the tests, no matplotlib needed) recomputes the data behind
every figure and fails when its curves (range, mean and end of each
coordinate) have moved by more than 3 % from those recorded when the figures
were written (doc/figures/digests.json): the figures are stale."""

import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIGDIR = os.path.join(ROOT, "doc", "figures")
DIGESTS = os.path.join(FIGDIR, "digests.json")
RESULTS = os.path.join(ROOT, "doc", "validation-results.json")

FIRST_CYCLE_HALF = ("val-t1-09", "val-t1-25", "val-t1-39", "val-t1-44a")
FIRST_CYCLE_FULL = ("val-t2-01", "val-t2-18a", "val-t2-09")
RETENTION = ("val-t1-26b", "val-t1-38", "val-t1-39", "val-t1-28", "val-t2-01", "val-t2-18a", "val-t2-18b")


def cli_run(cli, args):
    run = subprocess.run([cli] + args, capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise RuntimeError("siassb {}: {}".format(" ".join(args), run.stderr.strip()))
    return run.stdout


def steps(cli, preset, cycles, extra=()):
    path = os.path.join("/tmp", "siassb-fig-{}-{}.csv".format(os.getpid(), preset))
    try:
        cli_run(cli, ["cycle", "--preset", preset, "--cycles", str(cycles), "--out", path] + list(extra))
        with open(path) as f:
            return list(csv.DictReader(f))
    finally:
        if os.path.exists(path):
            os.unlink(path)


def loading_mg_per_cm2(preset):
    cell = json.load(open(os.path.join(ROOT, "data", "cells", preset + ".json")))["parameters"]
    return cell.get("cathode.loading_kg_per_m2", {"value": 0.1})["value"] * 100.0


def sig(x, n=4):
    return float("{:.{}g}".format(x, n)) if isinstance(x, float) and math.isfinite(x) else x


def thin(rows, n=400):
    step = max(1, len(rows) // n)
    return rows[::step] + ([rows[-1]] if rows and (len(rows) - 1) % step else [])


def data(cli):
    d = {}
    half = {}
    for p in FIRST_CYCLE_HALF:
        r = thin(steps(cli, p, 1))
        half[p] = [[sig(float(x["si_capacity_mAh_per_g"])), sig(float(x["voltage_V"]))] for x in r]
    full = {}
    for p in FIRST_CYCLE_FULL:
        r = thin(steps(cli, p, 1))
        g = loading_mg_per_cm2(p) / 1000.0
        full[p] = [[sig(-float(x["charge_mAh_per_cm2"]) / g), sig(float(x["voltage_V"]))] for x in r]
    d["first_cycle"] = {"half": half, "full": full}
    results = json.load(open(RESULTS))
    ret = {}
    for p in RETENTION:
        cycles = json.loads(cli_run(cli, ["cycle", "--preset", p, "--format", "json"]))["cycles"]
        full_cell = cycles[0]["cathode_discharge_capacity_mAh_per_g"] is not None
        key = "si_delithiation_capacity_mAh_per_cm2" if full_cell else "si_lithiation_capacity_mAh_per_g"
        q0 = cycles[0][key]
        row = next(r for r in results["rows"] if r["preset"] == p)
        printed = [[e["metric"], e["printed"]] for e in row["metrics"] if e["metric"].startswith("retention")
                   or e["metric"].startswith("capacity at")]
        first = next((e["printed"] for e in row["metrics"] if e["metric"].startswith("first capacity")), None)
        marks = []
        for name, value in printed:
            n = int(name.split("cycle ")[1].split(" ")[0])
            marks.append([n, sig(value if name.startswith("retention") else (100.0 * value / first if first else float("nan")))])
        stride = max(1, len(cycles) // 200)
        ret[p] = {"row": row["row"], "set": row["set"],
                  "curve": [[c["cycle"], sig(100.0 * c[key] / q0)] for c in cycles[::stride]], "printed": marks}
    d["retention"] = ret
    r = thin(steps(cli, "si-lpscl-ncm811", 3, ["--set", "mechanisms.particle_stress=on"]), 600)
    d["pressure"] = [[sig(float(x["time_s"]) / 3600.0), sig(float(x["stack_pressure_MPa"])),
                      sig(float(x["particle_surface_hoop_stress_Pa"]) / 1e9 if x["particle_surface_hoop_stress_Pa"] else float("nan")),
                      sig(float(x["si_x_mean"]))] for x in r]
    weak = []
    for row in results["rows"]:
        for e in row["metrics"]:
            if e["error_unit"] == "%" and e["printed"]:
                weak.append([row["row"], row["set"], e["metric"], sig(e["simulated"] / e["printed"])])
    d["weak"] = weak
    return d


def series(obj, path=""):
    """Every list of points in the figure data, by its path."""
    if isinstance(obj, dict):
        for k in sorted(obj):
            yield from series(obj[k], path + "/" + k)
    elif isinstance(obj, list) and obj and isinstance(obj[0], list) and all(
            isinstance(v, (int, float)) for v in obj[0]):
        yield path, obj


def features(points):
    """What a figure shows of a curve, robust to where the adaptive steps
    fell: per coordinate its range and mean, and the end point."""
    cols = list(zip(*points))
    out = []
    for c in cols:
        v = [x for x in c if isinstance(x, (int, float)) and math.isfinite(x)]
        out += [min(v), max(v), sum(v) / len(v), v[-1]] if v else [float("nan")] * 4
    return out


def summary(d):
    return {path: [sig(f, 6) for f in features(points)] for path, points in series(d)}


def same_figures(old, new):
    """Curves agree within 3 % of their range: the long runs move at the
    1e-4 level with the last bit of the arithmetic, a model change far more."""
    if old.keys() != new.keys():
        return False
    for path in old:
        a, b = old[path], new[path]
        if len(a) != len(b):
            return False
        for k in range(0, len(a), 4):
            scale = max(abs(a[k + 1] - a[k]), abs(a[k]), abs(a[k + 1]), 1e-12)
            for x, y in zip(a[k:k + 4], b[k:k + 4]):
                if (math.isfinite(x) or math.isfinite(y)) and not abs(x - y) <= 0.03 * scale:
                    print("figure data {} moved: {} -> {}".format(path, x, y))
                    return False
    return True


def draw(d):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    meta = {"Software": "tests/validation/figures.py"}
    out = {}

    fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
    for p, pts in d["first_cycle"]["half"].items():
        ax[0].plot([x for x, _ in pts], [y for _, y in pts], label=p[4:].upper())
    ax[0].set_xlabel("Li in Si (mAh/g of Si)")
    ax[0].set_ylabel("cell voltage (V)")
    ax[0].set_title("first cycle, half cells (vs Li or In-Li)")
    ax[0].legend(fontsize=8)
    for p, pts in d["first_cycle"]["full"].items():
        ax[1].plot([x for x, _ in pts], [y for _, y in pts], label=p[4:].upper())
    ax[1].set_xlabel("charge passed (mAh/g of cathode)")
    ax[1].set_ylabel("cell voltage (V)")
    ax[1].set_title("first cycle, full cells")
    ax[1].legend(fontsize=8)
    fig.tight_layout()
    out["first-cycle.png"] = fig

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for p, v in d["retention"].items():
        line, = ax.plot([c for c, _ in v["curve"]], [q for _, q in v["curve"]],
                        label="{} ({})".format(v["row"], "in" if v["set"] == "in" else "out"))
        for n, q in v["printed"]:
            ax.plot([n], [q], "o", color=line.get_color())
    ax.set_xscale("log")
    ax.set_xlabel("cycle")
    ax.set_ylabel("capacity relative to cycle 1 (%)")
    ax.set_title("retention: simulated (lines) and printed (dots)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    out["retention.png"] = fig

    fig, ax = plt.subplots(figsize=(7, 4.2))
    t = [r[0] for r in d["pressure"]]
    ax.plot(t, [r[1] for r in d["pressure"]], color="C0")
    ax.set_xlabel("time (h)")
    ax.set_ylabel("stack pressure (MPa)", color="C0")
    ax2 = ax.twinx()
    ax2.plot(t, [r[2] for r in d["pressure"]], color="C3")
    ax2.set_ylabel("Si surface hoop stress (GPa)", color="C3")
    ax.set_title("default Si | Li6PS5Cl | NCM811 cell, fixed gap from 50 MPa")
    fig.tight_layout()
    out["pressure-stress.png"] = fig

    fig, ax = plt.subplots(figsize=(9, 4.2))
    labels = ["{} {}".format(r[0], r[2].replace(" (mAh/g)", "").replace(" (uAh/cm2)", "").replace(" (Wh/kg)", ""))
              for r in d["weak"]]
    vals = [math.log2(r[3]) if r[3] and r[3] > 0 else 0 for r in d["weak"]]
    ax.bar(range(len(vals)), vals, color=["C0" if r[1] == "in" else "C1" for r in d["weak"]])
    ax.axhline(1, color="k", lw=0.6, ls="--")
    ax.axhline(-1, color="k", lw=0.6, ls="--")
    ax.set_xticks(range(len(vals)))
    ax.set_xticklabels(labels, rotation=75, fontsize=6)
    ax.set_ylabel("log2(simulated / printed)")
    ax.set_title("capacities and energies: in-sample (blue), out-of-sample (orange); dashed: factor 2")
    fig.tight_layout()
    out["weak-spots.png"] = fig

    for name, fig in out.items():
        fig.savefig(os.path.join(FIGDIR, name), dpi=110, metadata=meta)
        plt.close(fig)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    d = data(args.cli)
    now = summary(d)
    if args.write:
        os.makedirs(FIGDIR, exist_ok=True)
        names = draw(d)
        with open(DIGESTS, "w") as f:
            json.dump({"figures": names, "curves": now}, f, indent=1, sort_keys=True)
            f.write("\n")
    if args.check:
        old = json.load(open(DIGESTS)) if os.path.exists(DIGESTS) else {}
        missing = [n for n in old.get("figures", []) if not os.path.exists(os.path.join(FIGDIR, n))]
        if not old or missing or not same_figures(old.get("curves", {}), now):
            print("the figures of doc/validation.md are stale: run python3 tests/validation/figures.py "
                  "--cli build/tools/siassb --write (needs python3-matplotlib)")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
