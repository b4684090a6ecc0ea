#!/usr/bin/python3
"""Check that the JSON Schema and the C loader agree on the materials files.

Run with Debian's /usr/bin/python3 (python3-jsonschema):

    check_schema.py --schema doc/materials.schema.json --data data/materials \
        --good tests/data/good --bad tests/data/bad --cli build/siassb

The "schema side" of a verdict is the JSON Schema (Draft 2020-12) plus the
loader rules of doc/database.md that a JSON Schema cannot express (file size
and type, strict UTF-8, strict JSON without duplicate keys, NaN, Infinity or
overflowing numbers, table lengths and monotonic x, unique ids and aliases).
The "C side" is `siassb --db FILE materials list`: exit 0 loads, 2 refuses
bad input, 4 is an I/O error.

- every *.json in --data and --good must pass the schema side and load (exit 0);
- every *.json in --bad must be refused by the schema side and by the CLI
  with exit 2 and a message on stderr that names the file;
- cases generated at run time (a directory, /dev/zero, a FIFO, files around
  the 16 MiB limit, a missing or unreadable path, tables of 100000 and 100001
  points, deep nesting) must get the expected exit codes without a crash or
  a hang.

Prints one line per case and finally "N passed, M failed"; exits 0 only when
M == 0. Without --cli only the schema side is checked.
"""

import argparse
import copy
import json
import math
import os
import stat
import subprocess
import sys
import tempfile

import jsonschema
from jsonschema import Draft202012Validator

MAX_BYTES = 16 * 1024 * 1024
MAX_POINTS = 100000
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


class Refused(Exception):
    """The file is bad input (the loader would refuse it)."""


class IOFailure(Exception):
    """The file cannot be read at all (missing, unreadable)."""


# --------------------------------------------------------------------------
# strict JSON


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Refused(f"duplicate key {key!r} in an object")
        obj[key] = value
    return obj


def _no_constant(name):
    raise Refused(f"non-finite number {name} is not JSON")


def _float(text):
    value = float(text)
    if math.isinf(value) or math.isnan(value):
        raise Refused(f"number {text[:40]} overflows a double")
    return value


def _int(text):
    value = int(text)
    try:
        float(value)
    except OverflowError:
        raise Refused(f"integer of {len(text)} digits overflows a double") from None
    return value


def parse_bytes(data):
    """Strict UTF-8 JSON text -> Python value, or raise Refused."""
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise Refused(f"not UTF-8: {e.reason} at byte {e.start}") from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=_float,
            parse_int=_int,
        )
    except json.JSONDecodeError as e:
        raise Refused(f"JSON syntax: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise Refused("JSON nested too deeply") from None
    except ValueError as e:  # e.g. integers beyond Python's digit limit
        raise Refused(f"JSON value: {e}") from None


def read_file(path):
    """The loader's file-level rules: regular file of at most 16 MiB."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise IOFailure("no such file") from None
    except OSError as e:
        raise IOFailure(e.strerror or str(e)) from None
    if not stat.S_ISREG(st.st_mode):
        raise Refused("not a regular file")
    if st.st_size > MAX_BYTES:
        raise Refused(f"{st.st_size} bytes, more than 16 MiB")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise IOFailure(e.strerror or str(e)) from None
    if len(data) > MAX_BYTES:
        raise Refused("more than 16 MiB")
    return data


# --------------------------------------------------------------------------
# rules a JSON Schema cannot state


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def loader_rule_errors(doc):
    """Table shape, unique ids and aliases. Tolerates any structure (the
    schema reports structural errors)."""
    errors = []
    if not isinstance(doc, dict) or not isinstance(doc.get("materials"), list):
        return errors
    mats = doc["materials"]
    ids = {}      # id -> index of the first material with it
    aliases = {}  # alias -> set of material indices carrying it
    for i, m in enumerate(mats):
        if not isinstance(m, dict):
            continue
        mid = m.get("id")
        label = f"materials[{i}] ({mid!r})" if isinstance(mid, str) else f"materials[{i}]"
        if isinstance(mid, str):
            if mid in ids:
                errors.append(f"{label}: id repeats materials[{ids[mid]}]")
            else:
                ids[mid] = i
        al = m.get("aliases")
        if isinstance(al, list):
            seen = set()
            for a in al:
                if not isinstance(a, str):
                    continue
                if a in seen:
                    errors.append(f"{label}: alias {a!r} given twice")
                if a == mid:
                    errors.append(f"{label}: alias {a!r} repeats the material's own id")
                seen.add(a)
                aliases.setdefault(a, set()).add(i)
        params = m.get("parameters")
        if isinstance(params, dict):
            for key, p in params.items():
                if not isinstance(p, dict):
                    continue
                x, y = p.get("x"), p.get("y")
                if isinstance(x, list) and isinstance(y, list) and len(x) != len(y):
                    errors.append(f"{label}: {key}: {len(x)} x but {len(y)} y")
                if isinstance(x, list):
                    for j in range(1, len(x)):
                        a, b = x[j - 1], x[j]
                        if _is_num(a) and _is_num(b) and not a < b:
                            errors.append(f"{label}: {key}: x not strictly increasing at index {j} ({a}, {b})")
                            break
    for a, owners in aliases.items():
        if len(owners) > 1:
            errors.append(f"alias {a!r} carried by materials {sorted(owners)}")
        if a in ids and any(o != ids[a] for o in owners):
            errors.append(f"alias {a!r} of materials {sorted(o for o in owners if o != ids[a])} "
                          f"is the id of materials[{ids[a]}]")
    return errors


# --------------------------------------------------------------------------
# the schema side


def _short(text, n=140):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


class SchemaSide:
    def __init__(self, validator):
        self.validator = validator

    def check_doc(self, doc):
        """(accepted, reason) for an already parsed document."""
        errors = list(self.validator.iter_errors(doc))
        if errors:
            best = jsonschema.exceptions.best_match(errors)
            where = "/" + "/".join(str(p) for p in best.absolute_path)
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            return False, f"schema: at {where}: {_short(best.message)}{more}"
        rules = loader_rule_errors(doc)
        if rules:
            more = f" (+{len(rules) - 1} more)" if len(rules) > 1 else ""
            return False, f"loader rule: {_short(rules[0])}{more}"
        return True, ""

    def check_path(self, path):
        """('accepted' | 'refused' | 'io', reason)."""
        try:
            doc = parse_bytes(read_file(path))
        except IOFailure as e:
            return "io", f"I/O: {e}"
        except Refused as e:
            return "refused", f"loader: {_short(e)}"
        ok, reason = self.check_doc(doc)
        return ("accepted" if ok else "refused"), reason


def schema_words(verdict, reason):
    if verdict == "accepted":
        return "schema accepted"
    if verdict == "io":
        return f"schema side I/O error ({reason})"
    return f"schema refused ({reason})"


# --------------------------------------------------------------------------
# the C side


class CSide:
    def __init__(self, cli):
        self.cli = cli

    def run(self, path, timeout):
        """(code or None, words, stderr). code None: crash or hang."""
        if not self.cli:
            return None, "C not run", ""
        try:
            r = subprocess.run([self.cli, "--db", path, "materials", "list"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, f"C hung (killed after {timeout} s)", ""
        except OSError as e:
            return None, f"C could not run ({e})", ""
        err = r.stderr.decode("utf-8", errors="replace")
        if r.returncode < 0:
            return None, f"C crashed (signal {-r.returncode})", err
        if r.returncode == 0:
            return 0, "C accepted (exit 0)", err
        if r.returncode == 2:
            return 2, "C refused (exit 2)", err
        if r.returncode == 4:
            return 4, "C I/O error (exit 4)", err
        return r.returncode, f"C exit {r.returncode}", err


# --------------------------------------------------------------------------
# the checks


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def line(self, ok, label, text, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {label}: {text}", flush=True)
        if not ok and detail:
            for d in detail.strip().splitlines()[:5]:
                print(f"       | {_short(d, 200)}")


def json_files(directory):
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith(".json"))


def label_of(directory, path):
    return f"{os.path.basename(os.path.normpath(directory))}/{os.path.basename(path)}"


def check_good(report, schema, c, directory, timeout):
    files = json_files(directory)
    if not files:
        print(f"note {directory}: no *.json files")
    for path in files:
        label = label_of(directory, path)
        verdict, reason = schema.check_path(path)
        code, cwords, err = c.run(path, timeout)
        problems = []
        if verdict != "accepted":
            problems.append("schema side must accept")
        if c.cli and code != 0:
            problems.append("C must load it (exit 0)")
        words = f"{schema_words(verdict, reason)}, {cwords}"
        if problems:
            words += " -- " + "; ".join(problems)
        report.line(not problems, label, words, err if c.cli and code != 0 else "")


def check_bad(report, schema, c, directory, timeout):
    files = json_files(directory)
    if not files:
        report.line(False, directory, "no *.json files in the bad corpus")
    for path in files:
        label = label_of(directory, path)
        verdict, reason = schema.check_path(path)
        code, cwords, err = c.run(path, timeout)
        problems = []
        if verdict == "accepted":
            problems.append("schema side accepts a bad file"
                            + (" (disagreement: C refuses it)" if code == 2 else ""))
        elif verdict == "io":
            problems.append("schema side could not read the file")
        if c.cli:
            if code == 0:
                problems.append("C accepts a bad file"
                                + (" (disagreement: schema refuses it)" if verdict == "refused" else ""))
            elif code != 2:
                problems.append("C must refuse with exit 2")
            elif os.path.basename(path) not in err:
                problems.append("C's message does not name the file")
        words = f"{schema_words(verdict, reason)}, {cwords}"
        if problems:
            words += " -- " + "; ".join(problems)
        report.line(not problems, label, words, err if problems and c.cli else "")


def generated_case(report, schema, c, label, path, want_schema, want_codes, timeout):
    """want_schema: 'accepted', 'refused' or 'io'; want_codes: allowed exits."""
    verdict, reason = schema.check_path(path)
    code, cwords, err = c.run(path, timeout)
    problems = []
    if verdict != want_schema:
        problems.append(f"schema side should be {want_schema}")
    if c.cli:
        if code not in want_codes:
            problems.append("C should exit " + " or ".join(str(w) for w in sorted(want_codes)))
        elif code != 0 and not err.strip():
            problems.append("C refused without a message on stderr")
    words = f"{schema_words(verdict, reason)}, {cwords}"
    if problems:
        words += " -- " + "; ".join(problems)
    report.line(not problems, label, words, err if problems and c.cli else "")


def _find_table(doc, abscissae=("sto", "x")):
    for m in doc.get("materials", []):
        for key, p in m.get("parameters", {}).items():
            if isinstance(p, dict) and p.get("abscissa") in abscissae:
                return p
    return None


def check_generated(report, schema, c, good_dirs, timeout, big_timeout):
    base = None
    # the smallest valid file with a table is the base of the generated cases
    candidates = sorted((os.path.getsize(p), p) for d in good_dirs for p in json_files(d))
    for _, path in candidates:
        try:
            doc = parse_bytes(read_file(path))
        except (Refused, IOFailure):
            continue
        if schema.check_doc(doc)[0] and _find_table(doc):
            base = doc
            break
    with tempfile.TemporaryDirectory(prefix="siassb-schema-") as tmp:
        def write(name, data):
            p = os.path.join(tmp, name)
            with open(p, "wb") as f:
                f.write(data)
            return p

        # a directory, a character device and a FIFO: refused, no crash, no hang
        dpath = os.path.join(tmp, "a-directory.json")
        os.mkdir(dpath)
        generated_case(report, schema, c, "generated/directory", dpath, "refused", {2, 4}, timeout)
        if os.path.exists("/dev/zero"):
            generated_case(report, schema, c, "generated/dev-zero", "/dev/zero", "refused", {2, 4}, timeout)
        fifo = os.path.join(tmp, "a-fifo.json")
        try:
            os.mkfifo(fifo)
        except (OSError, AttributeError):
            fifo = None
        if fifo:
            generated_case(report, schema, c, "generated/fifo (no writer)", fifo, "refused", {2, 4}, timeout)

        # a path that does not exist; a file that cannot be read
        generated_case(report, schema, c, "generated/missing", os.path.join(tmp, "no-such-file.json"),
                       "io", {4}, timeout)
        if os.geteuid() != 0:
            p = write("unreadable.json", b"{}")
            os.chmod(p, 0)
            generated_case(report, schema, c, "generated/unreadable", p, "io", {4}, timeout)
        else:
            print("note generated/unreadable: skipped (running as root)")

        if base is None:
            report.line(False, "generated", "no good file with an sto or x table to build the size cases from")
            return
        text = json.dumps(base, ensure_ascii=False).encode("utf-8")

        # the 16 MiB limit: spaces, then a valid document
        for name, size, want, codes in [
                ("17MiB-spaces.json", 17 * 1024 * 1024, "refused", {2}),
                ("16MiB-plus-1.json", MAX_BYTES + 1, "refused", {2}),
                ("16MiB-exactly.json", MAX_BYTES, "accepted", {0})]:
            p = write(name, b" " * (size - len(text)) + text)
            generated_case(report, schema, c, f"generated/{name}", p, want, codes, big_timeout)
            os.unlink(p)

        # tables of 100000 (allowed) and 100001 (refused) points
        for n, want, codes in [(MAX_POINTS, "accepted", {0}), (MAX_POINTS + 1, "refused", {2})]:
            doc = copy.deepcopy(base)
            t = _find_table(doc)
            hi = 1.0 if t["abscissa"] == "sto" else 10.0
            t["x"] = [hi * i / (n - 1) for i in range(n)]
            t["y"] = [t["y"][0]] * n
            p = write(f"table-{n}-points.json", json.dumps(doc).encode("utf-8"))
            generated_case(report, schema, c, f"generated/table-{n}-points.json", p, want, codes, big_timeout)
            os.unlink(p)

        # deep nesting where a string belongs: refused, not a stack overflow
        depth = 1000000
        doc = copy.deepcopy(base)
        doc["description"] = "@@NEST@@"
        nested = json.dumps(doc).replace('"@@NEST@@"', "[" * depth + "]" * depth)
        p = write("deep-nesting.json", nested.encode("utf-8"))
        generated_case(report, schema, c, f"generated/deep-nesting-{depth}.json", p, "refused", {2}, big_timeout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schema", required=True, help="doc/materials.schema.json")
    ap.add_argument("--data", action="append", default=[], help="directory of shipped files (repeatable)")
    ap.add_argument("--good", action="append", default=[], help="directory of valid test files (repeatable)")
    ap.add_argument("--bad", action="append", default=[], help="directory of bad test files (repeatable)")
    ap.add_argument("--cli", help="the siassb executable; without it only the schema side is checked")
    ap.add_argument("--timeout", type=float, default=10, help="seconds allowed per CLI run (default 10)")
    ap.add_argument("--big-timeout", type=float, default=60,
                    help="seconds allowed per CLI run on the 16 MiB and 100000-point cases (default 60)")
    args = ap.parse_args()

    report = Report()
    try:
        with open(args.schema, "rb") as f:
            schema_doc = parse_bytes(f.read())
        Draft202012Validator.check_schema(schema_doc)
    except (OSError, Refused, jsonschema.exceptions.SchemaError) as e:
        report.line(False, args.schema, f"unusable schema: {_short(e, 300)}")
        print(f"{report.passed} passed, {report.failed} failed")
        return 1
    declared = schema_doc.get("$schema") if isinstance(schema_doc, dict) else None
    report.line(declared == DRAFT_2020_12, "schema",
                f"$schema is {declared!r}" + ("" if declared == DRAFT_2020_12 else f", want {DRAFT_2020_12!r}"))
    schema = SchemaSide(Draft202012Validator(schema_doc))
    c = CSide(os.path.abspath(args.cli) if args.cli else None)
    if args.cli and not os.access(c.cli, os.X_OK):
        report.line(False, args.cli, "not an executable")
        print(f"{report.passed} passed, {report.failed} failed")
        return 1

    for d in args.data + args.good + args.bad:
        if not os.path.isdir(d):
            report.line(False, d, "not a directory")
    for d in args.data + args.good:
        if os.path.isdir(d):
            check_good(report, schema, c, d, args.timeout)
    for d in args.bad:
        if os.path.isdir(d):
            check_bad(report, schema, c, d, args.timeout)
    check_generated(report, schema, c, [d for d in args.good + args.data if os.path.isdir(d)],
                    args.timeout, args.big_timeout)

    print(f"{report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
