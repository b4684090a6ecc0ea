"""Run every validation preset's experiment with the siassb CLI, compare with
what its row printed (tests/validation/reference.json, written by rows.py),
and write the results: doc/validation-results.json and part 2 of
doc/validation.md (between the results markers).

  python3 tests/validation/validate.py --cli build/tools/siassb --write
  python3 tests/validation/validate.py --cli build/tools/siassb --check

--check (run by the tests) fails when a preset does not run, when the
presets, the written results or the page are stale, and when a metric falls
outside its tolerance (in-sample) or bound (out-of-sample) without being a
known failure, or a known failure has come within (KNOWN_FAILURES). Metric
definitions: doc/validation.md, G-1 and G-2."""

import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RESULTS = os.path.join(ROOT, "doc", "validation-results.json")
DOC = os.path.join(ROOT, "doc", "validation.md")
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

# (metric, kind of tolerance, in-sample tolerance, out-of-sample bound)
TOLERANCE = {"capacity": ("ratio", 0.20, 2.0), "percent": ("points", 5.0, 15.0),
             "retention": ("points", 10.0, 15.0), "energy": ("ratio", 0.20, 2.0),
             "fade": ("points", 0.01, 0.05)}


# Where the model is known to miss (doc/validation.md, "Reading the first
# run"): every metric outside its tolerance or bound is listed here with the
# reason, and --check fails on a failure not listed (a new one) and on a
# listed one that now passes (fixed: take it off). The tolerances stay as
# planned; this list only says which failures are understood.
WEAK = {
    "W-1": "at 1.2C the first delithiation of the 100 nm film to 1 V leaves 11 % of its Li in "
           "the film (ICE 89 %; 98.9 % at C/20): diffusion with the one constant a-Si diffusivity, "
           "3e-17 m2/s, from a range measured over 1e-18 to 2e-14 m2/s; the printed fade from "
           "cycle 2 is met",
    "W-2": "the 4.2 um columnar film is run dense, and with the one constant a-Si diffusivity "
           "(3e-17 m2/s, L^2/D = 160 h) it is limited by diffusion through its thickness",
    "W-3": "capacity of nano-Si composites: these rows (Si@LPS, Si@Li3PS4, "
           "Si@77.5Li2S-22.5P2S5, Si@micro-MOF) print 0.32-0.61 of the model's per-gram-of-Si "
           "capacity at rates where the model lithiates every particle fully, while u-Si@LPS "
           "(T1-28), a sputtered film (T1-39) and cold-pressed a-Si (T1-44a) agree within 7 %. "
           "Two readings fit and the rows decide neither: Si the cells never used (a microstructure "
           "the rows do not print), or capacities per gram of composite, whose Si fractions the "
           "review does not give (rule G-1 scores per gram of Si)",
    "W-4": "the garnet film at 80 C lost 46 % of its Li in the first cycle by a route the model "
           "does not have (LLZTO is stable against Li-Si in the database)",
    "W-5": "rate loss of the NCM811 composite: at C/3 the model keeps 96 % of its C/20 "
           "capacity (177.7 against 184.8 mAh/g), the cell 79 % (145 against the 184 mAh/g its "
           "paper gives at C/20): one cathode particle with uniform reaction and a Bruggeman "
           "exponent of 1.5 make the composite's transport too fast",
    "W-6": "long-term fade of the fixed-gap sulfide cell: the stack lifts off on every "
           "delithiation (no springback of the compacted layers), with estimated contact and "
           "interphase rates",
    "W-7": "the interphase on 50 nm c-Si in Li6PS5Cl grows through the 120 h first lithiation at "
           "C/70 (family transport constant, an estimate) and takes a quarter of the charge",
    "W-8": "no fade mechanism for the polymer cell: no interphase kinetics for PVDF/PEO/LLZTO",
    "W-9": "the 50 nm film at 80 C lithiates to 3550 mAh/g, above the 2702 printed; it was "
           "within tolerance (2573) only while the film's flow stress was counted twice (see the "
           "corrections), and the Li loss of W-4 does not lower a lithiation capacity",
    "W-10": "first-cycle loss and fade of Si@X composites (basis-free metrics): the model's "
            "interphase on electrolyte-coated nano-Si is the family estimate for the sulfide "
            "glasses (passivating, ICE 94 %, 86 % kept after 40 cycles) and absent for the "
            "polymer and the MOF carbon (ICE 96 %), where the cells lost 28-29 % in the first "
            "cycle and a third in 40",
}
KNOWN_FAILURES = {
    ("T1-03b", "retention at cycle 250 (%)"): "W-1",
    ("T1-09", "first capacity (mAh/g)"): "W-2",
    ("T1-09", "initial CE (%)"): "W-2",
    ("T1-25", "first capacity (mAh/g)"): "W-3",
    ("T1-25", "initial CE (%)"): "W-10",
    ("T1-26b", "first capacity (mAh/g)"): "W-3",
    ("T1-26b", "capacity at cycle 50 (mAh/g)"): "W-3",
    ("T1-38", "first capacity (mAh/g)"): "W-9",
    ("T1-38", "initial CE (%)"): "W-4",
    ("T1-38", "capacity at cycle 100 (mAh/g)"): "W-4",
    ("T1-41", "first capacity (mAh/g)"): "W-3",
    ("T1-41", "initial CE (%)"): "W-10",
    ("T2-01", "first capacity (mAh/g)"): "W-5",
    ("T2-01", "retention at cycle 1000 (%)"): "W-6",
    ("T1-06", "first capacity (mAh/g)"): "W-7",
    ("T1-06", "initial CE (%)"): "W-7",
    ("T1-20", "first capacity (mAh/g)"): "W-3",
    ("T1-20", "retention at cycle 40 (%)"): "W-10",
    ("T2-18b", "retention at cycle 500 (%)"): "W-8",
}


def verdicts(results):
    """Complaints about the results against KNOWN_FAILURES (empty: agrees)."""
    out = []
    for row in results["rows"]:
        for e in row["metrics"]:
            known = (row["row"], e["metric"]) in KNOWN_FAILURES
            if not e["within"] and not known:
                out.append("{} {}: outside its {} and not a known failure".format(
                    row["row"], e["metric"], "tolerance" if row["set"] == "in" else "bound"))
            elif e["within"] and known:
                out.append("{} {}: now within; take it off KNOWN_FAILURES".format(row["row"], e["metric"]))
    listed = {(r["row"], e["metric"]) for r in results["rows"] for e in r["metrics"]}
    out += ["{} {}: listed in KNOWN_FAILURES but no such metric".format(*k) for k in KNOWN_FAILURES
            if k not in listed]
    return out


def simulate(cli, preset):
    run = subprocess.run([cli, "cycle", "--preset", preset, "--format", "json"],
                         capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise RuntimeError("{}: exit {}: {}".format(preset, run.returncode, run.stderr.strip()))
    return json.loads(run.stdout)["cycles"]


def metrics_of(row, cycles):
    """(name, simulated, printed, tolerance kind, as printed) per metric."""
    full = row["kind"] == "full"
    m = row["metrics"]

    def capacity(c):  # G-1 / G-2
        return c["cathode_discharge_capacity_mAh_per_g"] if full else c["si_lithiation_capacity_mAh_per_g"]

    def areal_uah(c):
        return c["si_delithiation_capacity_mAh_per_cm2"] * 1000.0

    def basis(c):  # what a retention is the ratio of
        return c["si_delithiation_capacity_mAh_per_cm2"] if full else capacity(c)

    out = []
    first = cycles[0]
    if "first_capacity_mAh_per_g" in m:
        out.append(("first capacity (mAh/g)", capacity(first), m["first_capacity_mAh_per_g"], "capacity"))
    if "first_capacity_uAh_per_cm2" in m:
        out.append(("first capacity (uAh/cm2)", areal_uah(first), m["first_capacity_uAh_per_cm2"], "capacity"))
    if "ice_percent" in m:
        out.append(("initial CE (%)", 100.0 * first["coulombic_efficiency"], m["ice_percent"], "percent"))
    n = m.get("at_cycle")
    if n:
        last = cycles[n - 1] if len(cycles) >= n else None
        if "capacity_mAh_per_g" in m:
            out.append(("capacity at cycle {} (mAh/g)".format(n), capacity(last) if last else float("nan"),
                        m["capacity_mAh_per_g"], "capacity"))
        if "capacity_uAh_per_cm2" in m:
            out.append(("capacity at cycle {} (uAh/cm2)".format(n), areal_uah(last) if last else float("nan"),
                        m["capacity_uAh_per_cm2"], "capacity"))
        if "retention_percent" in m:
            r = 100.0 * basis(last) / basis(first) if last else float("nan")
            out.append(("retention at cycle {} (%)".format(n), r, m["retention_percent"], "retention"))
    if "fade_percent_per_cycle" in m and n and len(cycles) >= n:
        # the printed fade rate, from cycle 2 (a correction made after the first run: the
        # retention from cycle 1 measures the first cycle's unrecovered Li, not a fade)
        q2, qn = capacity(cycles[1]), capacity(cycles[n - 1])
        out.append(("fade from cycle 2 (%/cycle)", 100.0 * (q2 - qn) / q2 / (n - 2),
                    m["fade_percent_per_cycle"], "fade"))
    if "energy_Wh_per_kg" in m:
        out.append(("energy, full stack (Wh/kg)", first["discharge_energy_Wh_per_kg"], m["energy_Wh_per_kg"], "energy"))
    return out


def judge(kind, sim, ref, in_sample, at_least=False):
    how, tol, bound = TOLERANCE[kind]
    if not math.isfinite(sim):
        return float("nan"), False
    if at_least and sim >= ref:  # printed "> ref" (G-5)
        return 0.0, True
    if how == "ratio":
        err = sim / ref - 1.0
        ok = abs(err) <= tol if in_sample else 1.0 / bound <= sim / ref <= bound
        return 100.0 * err, ok
    err = sim - ref
    return err, abs(err) <= (tol if in_sample else bound)


SWEEP_ELECTROLYTES = ("Li6PS5Cl", "LLZO", "PEO-LiTFSI")
SWEEP_THICKNESS_UM = (5, 10, 20, 30, 50, 100, 200)


def energy(cli, electrolyte, thickness_um):
    run = subprocess.run([cli, "cell", "energy", "--preset", "si-lpscl-ncm811", "--set",
                          "separator.material=" + electrolyte, "--set", "anode.electrolyte=" + electrolyte,
                          "--set", "cathode.electrolyte=" + electrolyte, "--set",
                          "separator.thickness_m={:g}".format(thickness_um * 1e-6), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise RuntimeError("cell energy {} {} um: {}".format(electrolyte, thickness_um, run.stderr.strip()))
    return json.loads(run.stdout)


def energy_sweep(cli):
    """The default Si | electrolyte | NCM811 stack with the separator swept:
    the layer budget of `siassb cell energy` (issue 7)."""
    out = []
    for e in SWEEP_ELECTROLYTES:
        for t in SWEEP_THICKNESS_UM:
            r = energy(cli, e, t)
            out.append({"electrolyte": e, "separator_um": t, "Wh_per_kg": round(r["specific_energy_Wh_per_kg"], 2),
                        "Wh_per_L": round(r["energy_density_Wh_per_L"], 1),
                        "layers": [{"name": l["name"], "um": round(l["thickness_m"] * 1e6, 3),
                                    "mg_per_cm2": round(l["areal_mass_kg_per_m2"] * 100, 4)} for l in r["layers"]]})
    return out


def evaluate(cli):
    reference = json.load(open(os.path.join(HERE, "reference.json")))
    rows = []
    for row in reference["rows"]:
        cycles = simulate(cli, row["preset"])
        inside = row["set"] == "in"
        entries = []
        for name, sim, printed, kind in metrics_of(row, cycles):
            err, ok = judge(kind, sim, printed["value"], inside, printed.get("at_least", False))
            entries.append({"metric": name, "simulated": round(sim, 4), "printed": printed["value"],
                            "as_printed": printed["as_printed"], "error": round(err, 3),
                            "error_unit": "%" if TOLERANCE[kind][0] == "ratio" else "points",
                            "within": ok})
        rows.append({"row": row["row"], "ref": row["ref"], "set": row["set"], "kind": row["kind"],
                     "preset": row["preset"], "metrics": entries})
    return {"note": "written by tests/validation/validate.py --write; do not edit", "rows": rows,
            "energy_sweep": energy_sweep(cli)}


def summary(results, which):
    errs = {"%": [], "points": []}
    n = ok = 0
    for row in results["rows"]:
        if row["set"] != which:
            continue
        for e in row["metrics"]:
            n += 1
            ok += bool(e["within"])
            if math.isfinite(e["error"]):
                errs[e["error_unit"]].append(abs(e["error"]))
    def stat(v):
        return "{:.0f} (median {:.0f}, max {:.0f})".format(sum(v) / len(v), sorted(v)[len(v) // 2], max(v)) if v else "-"
    return n, ok, stat(errs["%"]), stat(errs["points"])


def markdown(results):
    lines = [BEGIN, "", "## Part 2: results (generated; `tests/validation/validate.py --write`)", "",
             "Model as committed, mechanisms per rule G-6, nothing fitted (see \"Fitting\" below).",
             "In-sample rows are judged against the in-sample tolerances, out-of-sample rows against",
             "the broken-physics bound. The tests enforce them against the list of known failures",
             "below: a metric outside its tolerance or bound that is not on the list fails the tests,",
             "and so does a listed one that has come within (the list is kept in",
             "`tests/validation/validate.py`). The tolerances are as planned; the list says which",
             "failures are understood, not that they are accepted.", ""]
    for which, title in (("in", "In-sample"), ("out", "Out-of-sample")):
        n, ok, pct, pts = summary(results, which)
        lines.append("- {}: {} of {} metrics within; mean absolute error {} % on capacities and energies, "
                     "{} points on efficiencies and retentions.".format(title, ok, n, pct, pts))
    lines += ["", "| row | set | metric | printed | simulated | error | within |", "|---|---|---|---|---|---|---|"]
    for row in results["rows"]:
        for e in row["metrics"]:
            why = KNOWN_FAILURES.get((row["row"], e["metric"]))
            lines.append("| {} {} | {} | {} | {} | {:.4g} | {:+.1f} {} | {} |".format(
                row["row"], row["ref"], row["set"], e["metric"], e["printed"], e["simulated"], e["error"],
                e["error_unit"], "yes" if e["within"] else "**no** ({})".format(why) if why else "**no**"))
    lines += ["", "Known failures, by reason:", ""]
    for code, text in WEAK.items():
        rows_of = sorted({r for (r, _m), c in KNOWN_FAILURES.items() if c == code})
        lines.append("- {} ({}): {}.".format(code, ", ".join(rows_of), text))
    lines += ["", "### Energy density against separator thickness", "",
              "`siassb cell energy` for the default stack (Si composite 6.3 um | separator | NCM811",
              "10 mg/cm2, Cu 10 um and Al 12 um collectors) with one electrolyte in the separator and",
              "both composites and the separator thickness swept; specific energy in Wh/kg and energy",
              "density in Wh/L of the whole layer stack.", "",
              "| separator (um) | " + " | ".join("{} Wh/kg | {} Wh/L".format(e, e) for e in SWEEP_ELECTROLYTES) + " |",
              "|---|" + "---|---|" * len(SWEEP_ELECTROLYTES)]
    sweep = results["energy_sweep"]
    for t in SWEEP_THICKNESS_UM:
        cells = []
        for e in SWEEP_ELECTROLYTES:
            r = next(x for x in sweep if x["electrolyte"] == e and x["separator_um"] == t)
            cells += ["{:.1f}".format(r["Wh_per_kg"]), "{:.0f}".format(r["Wh_per_L"])]
        lines.append("| {} | {} |".format(t, " | ".join(cells)))
    lines += ["", "Layer budget at a 30 um separator (thickness um, areal mass mg/cm2):", "",
              "| layer | " + " | ".join(SWEEP_ELECTROLYTES) + " |", "|---|" + "---|" * len(SWEEP_ELECTROLYTES)]
    at30 = [next(x for x in sweep if x["electrolyte"] == e and x["separator_um"] == 30) for e in SWEEP_ELECTROLYTES]
    for i, layer in enumerate(at30[0]["layers"]):
        lines.append("| {} | {} |".format(layer["name"], " | ".join(
            "{:g} um, {:g} mg/cm2".format(r["layers"][i]["um"], r["layers"][i]["mg_per_cm2"]) for r in at30)))
    lines += ["", END]
    return "\n".join(lines)


def write_doc(results):
    text = open(DOC).read()
    block = markdown(results)
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + block + tail
    return text.rstrip("\n") + "\n\n" + block + "\n"


def agrees(stored, fresh):
    """The committed results still describe the model: the same rows and
    metrics, each simulated value within 2 % (+0.1) of the stored one. The
    long runs are sensitive at the 1e-4 level to the last bit of the
    arithmetic (another libm or compiler), so exact equality would fail
    spuriously across machines; a real model change moves them far more."""
    if [r["row"] for r in stored["rows"]] != [r["row"] for r in fresh["rows"]]:
        return False
    for s_row, f_row in zip(stored["rows"], fresh["rows"]):
        if [e["metric"] for e in s_row["metrics"]] != [e["metric"] for e in f_row["metrics"]]:
            return False
        for s_e, f_e in zip(s_row["metrics"], f_row["metrics"]):
            a, b = s_e["simulated"], f_e["simulated"]
            if not (math.isfinite(a) and math.isfinite(b)):
                if math.isfinite(a) != math.isfinite(b):
                    return False
            elif abs(a - b) > 0.02 * max(abs(a), abs(b)) + 0.1:
                print("{} {}: stored {} now {}".format(s_row["row"], s_e["metric"], a, b))
                return False
    for s_e, f_e in zip(stored["energy_sweep"], fresh["energy_sweep"]):
        if abs(s_e["Wh_per_kg"] - f_e["Wh_per_kg"]) > 1e-3 * abs(s_e["Wh_per_kg"]) + 0.01:
            return False
    return len(stored["energy_sweep"]) == len(fresh["energy_sweep"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, HERE)
    import rows  # noqa: E402  (the presets must be current before they are judged)
    if rows.main() if not args.check else subprocess.run([sys.executable, os.path.join(HERE, "rows.py"), "--check"]).returncode:
        return 1
    results = evaluate(args.cli)
    if args.write:
        with open(RESULTS, "w") as f:
            f.write(json.dumps(results, indent=1) + "\n")
        text = write_doc(results)  # reads the page: before it is opened for writing
        with open(DOC, "w") as f:
            f.write(text)
    for row in results["rows"]:
        for e in row["metrics"]:
            print("{:7s} {:3s} {:34s} printed {:>8} simulated {:>10.4g} error {:+8.1f} {:6s} {}".format(
                row["row"], row["set"], e["metric"], e["printed"], e["simulated"], e["error"], e["error_unit"],
                "within" if e["within"] else "OUTSIDE"))
    if args.check:
        stored = json.load(open(RESULTS)) if os.path.exists(RESULTS) else None
        # the page must show the committed results; those must still hold
        stale = stored is None or not agrees(stored, json.loads(json.dumps(results)))
        stale = stale or open(DOC).read() != write_doc(stored)
        if "## Part 1: the plan" not in open(DOC).read():
            print("doc/validation.md has lost its part 1 (the plan); restore it from git")
            return 1
        if stale:
            print("doc/validation-results.json or doc/validation.md is stale: run "
                  "python3 tests/validation/validate.py --cli build/tools/siassb --write")
            return 1
        # judged on the committed results the page shows (they agree with a
        # fresh run within 2 %), so the page and the check cannot disagree
        complaints = verdicts(stored)
        for c in complaints:
            print(c)
        if complaints:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
