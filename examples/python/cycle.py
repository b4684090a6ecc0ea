#!/usr/bin/env python3
"""Cycle an embedded cell preset from Python through ctypes (no bindings to
build). Run: python3 cycle.py [--lib PATH] [--preset NAME] [--cycles N] [--check]

--lib names libsiassb.so (default: the installed one, found by ctypes);
--check also asserts what the physics requires of the result, which is how
the tests use this example."""
import argparse
import ctypes
import ctypes.util
import math
import sys

SIASSB_OK = 0


def load(path):
    name = path or ctypes.util.find_library("siassb")
    if not name:
        sys.exit("libsiassb not found: pass --lib PATH")
    lib = ctypes.CDLL(name)
    p, i, d, c, sz = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_char_p, ctypes.c_size_t
    pp = ctypes.POINTER(ctypes.c_void_p)
    for fn, res, args in [
        ("siassb_version", c, []),
        ("siassb_strerror", c, [i]),
        ("siassb_db_open_default", i, [pp, c, sz]),
        ("siassb_db_free", None, [p]),
        ("siassb_cell_open_preset", i, [p, c, pp, c, sz]),
        ("siassb_cell_set", i, [p, c, d]),
        ("siassb_cell_free", None, [p]),
        ("siassb_sim_create", i, [p, pp, c, sz]),
        ("siassb_sim_free", None, [p]),
        ("siassb_sim_errmsg", c, [p]),
        ("siassb_cycle_column_count", i, [ctypes.POINTER(sz)]),
        ("siassb_cycle_column_name", c, [i]),
        ("siassb_sim_run", i, [p, i, ctypes.POINTER(i), sz, d, ctypes.POINTER(d), sz,
                               ctypes.POINTER(sz), ctypes.POINTER(d), sz, ctypes.POINTER(sz)]),
    ]:
        f = getattr(lib, fn)
        f.restype, f.argtypes = res, args
    return lib


def check(lib, rc, err):
    if rc < 0:
        msg = err.value.decode() if hasattr(err, "value") else err
        raise RuntimeError(f"{lib.siassb_strerror(rc).decode()}: {msg}")


def run(lib, preset, cycles):
    err = ctypes.create_string_buffer(512)
    db, cell, sim = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.siassb_db_open_default(ctypes.byref(db), err, 512), err)
    try:
        check(lib, lib.siassb_cell_open_preset(db, preset.encode(), ctypes.byref(cell), err, 512), err)
        check(lib, lib.siassb_sim_create(cell, ctypes.byref(sim), err, 512), err)
        ncol = ctypes.c_size_t()
        lib.siassb_cycle_column_count(ctypes.byref(ncol))
        names = [lib.siassb_cycle_column_name(k).decode() for k in range(ncol.value)]
        rows = (ctypes.c_double * (ncol.value * cycles))()
        ns, nc = ctypes.c_size_t(), ctypes.c_size_t()
        rc = lib.siassb_sim_run(sim, cycles, None, 0, 0.0, None, 0, ctypes.byref(ns),
                                rows, cycles, ctypes.byref(nc))
        if rc != SIASSB_OK:
            raise RuntimeError(f"run: {lib.siassb_strerror(rc).decode()}: "
                               f"{lib.siassb_sim_errmsg(sim).decode()}")
        return [dict(zip(names, rows[r * ncol.value:(r + 1) * ncol.value]))
                for r in range(nc.value)]
    finally:
        lib.siassb_sim_free(sim)
        lib.siassb_cell_free(cell)
        lib.siassb_db_free(db)


def physics_checks(lib, rows, cycles):
    """What any cycle of a Si cell must satisfy, independent of this code."""
    assert len(rows) == cycles, f"{len(rows)} cycle rows for {cycles} cycles"
    for r in rows:
        lith, delith = r["si_lithiation_capacity_mAh_per_g"], r["si_delithiation_capacity_mAh_per_g"]
        # Li15Si4 holds 3579 mAh/g; the tables stop at x = 3.82 (3645 mAh/g) at 10 mV
        assert delith > 0, r
        assert lith < 3645 * 1.001, f"lithiation {lith} mAh/g above the Li-Si limit"
        ce = r["coulombic_efficiency"]
        assert 0 < ce <= 1.001, f"coulombic efficiency {ce}"
        # a stack pressure cannot pull (NaN: the stack mechanics is off)
        p_lo, p_hi = r["pressure_min_MPa"], r["pressure_max_MPa"]
        assert math.isnan(p_lo) or 0 <= p_lo <= p_hi, (p_lo, p_hi)
    # the first lithiation of pristine Si cannot all come back (SEI, trapping)
    assert rows[0]["coulombic_efficiency"] < 1.0
    # a refused call says why and leaves nothing behind
    err = ctypes.create_string_buffer(512)
    db, cell = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.siassb_db_open_default(ctypes.byref(db), err, 512), err)
    rc = lib.siassb_cell_open_preset(db, b"no-such-cell", ctypes.byref(cell), err, 512)
    lib.siassb_db_free(db)
    assert rc < 0 and b"no-such-cell" in err.value and not cell.value, (rc, err.value)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lib")
    ap.add_argument("--preset", default="si-lpscl-ncm811")
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    lib = load(a.lib)
    rows = run(lib, a.preset, a.cycles)
    print(f"libsiassb {lib.siassb_version().decode()}, preset {a.preset}")
    print(f"{'cycle':>5} {'lith mAh/g':>11} {'delith mAh/g':>13} {'CE':>8} {'P max MPa':>10}")
    for r in rows:
        print(f"{int(r['cycle']):>5} {r['si_lithiation_capacity_mAh_per_g']:>11.1f} "
              f"{r['si_delithiation_capacity_mAh_per_g']:>13.1f} {r['coulombic_efficiency']:>8.5f} "
              f"{r['pressure_max_MPa']:>10.1f}")
    if a.check:
        physics_checks(lib, rows, a.cycles)
        print("checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
