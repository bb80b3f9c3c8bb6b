"""Benchmark integracheck against its baselines and write docs/benchmarks.md.

    python bench/run.py [--n 45000] [--pairs-n 2000] [--repeat 5] [--output docs/benchmarks.md]

Each pair is measured in one run, alternating, and reported as the median of --repeat runs
and as a ratio: timings on shared machines are noisy, ratios measured side by side less so.
Everything is byte-compiled first, as an installed wheel would be (these machines set
PYTHONDONTWRITEBYTECODE, so an editable checkout would otherwise compile every module on
every run), and the machine's load is sampled throughout and reported.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import yaml

from integracheck.models.vocabulary import LEGAL_STATUSES, CityType

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
BIN = Path(sys.executable).parent
INTEGRACHECK = str(BIN / "integracheck")

# What varies between generated profiles, drawn from the vocabularies of the schema.
CITY_TYPES = list(get_args(CityType))
STATUSES = list(LEGAL_STATUSES)
LANGUAGES = [
    "Arabic",
    "Ukrainian",
    "Tigrinya",
    "Urdu",
    "Polish",
    "Romanian",
    "Turkish",
    "Somali",
    "Dari",
    "Spanish",
    "English",
    "French",
]
SECTIONS = [
    "strategy",
    "coordination_bodies",
    "leadership",
    "partnerships",
    "workforce",
    "representation",
    "data",
    "space",
    "policies",
]


def generate(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """N valid profiles the size of the example, each with its own random gaps."""
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    files = []
    for index in range(n):
        profile = copy.deepcopy(base)
        city = profile["city"]
        city["name"] = f"Town {index:05d}"
        city["population"] = rng.randint(2_000, 2_000_000)
        city["migrant_share"] = round(rng.uniform(1, 45), 1)
        city["city_type"] = rng.choice(CITY_TYPES)
        city["main_languages"] = rng.sample(LANGUAGES, rng.randint(1, 5))
        for section in rng.sample(SECTIONS, rng.randint(0, 3)):
            profile.pop(section, None)  # a section not stated at all
        for service in profile["services"]:
            service["eligible_statuses"] = rng.sample(STATUSES, rng.randint(1, 8))
            service["languages"] = rng.sample(LANGUAGES, rng.randint(1, 4))
            if rng.random() < 0.3:
                service.pop("funding", None)
        for policy in (profile.get("policies") or {}).values():
            for key in list(policy):
                if key != "source":
                    policy[key] = rng.choice([True, False, None])
        profile["services"] = profile["services"][: rng.randint(3, len(profile["services"]))]
        kept = {s["id"] for s in profile["services"]}
        for item in profile["services"] + profile.get("entry_points", []):
            for key in ("refers_to", "depends_on"):
                if key in item:
                    item[key] = [target for target in item[key] if target in kept]
        path = folder / f"town-{index:05d}.yaml"
        path.write_text(
            yaml.dump(profile, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        files.append(path)
    return files


def timed(command: list[str]) -> float:
    """Wall time of a command; it must exit 0 or 1 (a gate may fail, nothing may break)."""
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:3])} ... failed: {completed.stderr[-500:]}")
    return elapsed


MEASURE_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss(command: list[str]) -> int:
    """Peak resident memory (KiB) of the largest process the command ran."""
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE_RSS, *command], capture_output=True, text=True, check=True
    )
    return int(completed.stdout.strip())


def pair(first: list[str], second: list[str], repeat: int) -> tuple[float, float]:
    """Median times of two commands, run alternately."""
    a, b = [], []
    for _ in range(repeat):
        a.append(timed(first))
        b.append(timed(second))
    return statistics.median(a), statistics.median(b)


PARSE_ONLY = (
    "import sys, yaml\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, 'rb') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


# Where the time goes, in a fresh interpreter: start-up step by step, then each step of
# `batch` per profile, with the collector frozen after start-up as `batch` does.
BREAKDOWN = """
import json, sys, time
t = time.perf_counter
marks = {}
start = t()
import pydantic_core, yaml
marks["import pydantic-core and PyYAML"] = t() - start
s = t(); import integracheck.api as api
marks["import the engine, analyses and scoring (no model class)"] = t() - s
s = t(); checklists = api.checklists()
marks["read the stored checklists"] = t() - s
from integracheck.loading.schema_store import profile_validator
s = t(); profile_validator()
marks["make the profile validator from the stored schema"] = t() - s
s = t()
from integracheck.loading.checklist import checklist_expressions
from integracheck.loading.expressions import compile_expression
for item in checklists:
    for text in checklist_expressions(item.checklist):
        compile_expression(text)
marks["compile every stored expression (a run compiles those it reaches)"] = t() - s
s = t(); import integracheck.models.profile, integracheck.models.checklist
marks["for comparison: build the pydantic models (errors, schema, custom checklists)"] = t() - s
import gc
gc.freeze()
from integracheck.analysis import analyse, derived_facts
from integracheck.engine import evaluate
from integracheck.loading.document import parse_document, read_text
from integracheck.loading.validation import validate_with
from integracheck.loading.profile import LoadedProfile, _profile_model
from integracheck.scoring import build_report
files = sys.argv[1:]
per = dict.fromkeys(["parse with PyYAML's C loader only", "parse keeping positions",
                     "validate (stored schema)", "analyse (time and space)",
                     "evaluate the rules", "score"], 0.0)
import datetime as dt
today = dt.date(2026, 6, 1)
validator = profile_validator()
for f in files:
    text = read_text(f)
    s = t(); yaml.load(text, Loader=yaml.CSafeLoader)
    per["parse with PyYAML's C loader only"] += t() - s
    s = t(); doc = parse_document(text, f); per["parse keeping positions"] += t() - s
    s = t(); profile = validate_with(doc, validator, _profile_model)
    per["validate (stored schema)"] += t() - s
    loaded = LoadedProfile(profile=profile, document=doc)
    s = t(); a = analyse(loaded); facts = derived_facts(a, profile, today)
    per["analyse (time and space)"] += t() - s
    s = t(); e = evaluate(checklists, loaded, today=today, derived=facts)
    per["evaluate the rules"] += t() - s
    s = t(); build_report(profile_file=f, city="", country="", city_type="", checklists=checklists,
                          evaluation=e, tool_version="", analysis=a); per["score"] += t() - s
print(json.dumps({"startup": marks, "per_profile": {k: v / len(files) for k, v in per.items()}}))
"""


MODELS = "for comparison: build the pydantic models (errors, schema, custom checklists)"

# The command line's own share of a cold run: from importing it to entering `assess`.
COMMAND_LINE = """
import json, sys, time
start = time.perf_counter()
import integracheck.cli as cli
imported = time.perf_counter()
entered = []
def stop(*args, **kwargs):
    entered.append(time.perf_counter())
    raise SystemExit(0)
cli._assessed = stop
sys.argv = ["integracheck", "assess", sys.argv[1], "--format", "json"]
try:
    cli.app(standalone_mode=True)
except SystemExit:
    pass
import typer
print(json.dumps({"import": imported - start, "parse": entered[0] - imported,
                  "typer": typer.__version__}))
"""


def _fresh_json(code: str, *args: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def breakdown(files: list[Path]) -> dict[str, dict[str, float]]:
    """Where the time goes, measured in a fresh interpreter."""
    return _fresh_json(BREAKDOWN, *map(str, files))  # type: ignore[return-value]


def command_line_share(repeat: int) -> tuple[float, float, str]:
    """Median milliseconds to import the command line and to reach the command, and Typer's
    version."""
    runs = [_fresh_json(COMMAND_LINE, str(EXAMPLE)) for _ in range(max(3, repeat))]
    imported = statistics.median(float(run["import"]) for run in runs)  # type: ignore[arg-type]
    parsed = statistics.median(float(run["parse"]) for run in runs)  # type: ignore[arg-type]
    return 1000 * imported, 1000 * parsed, str(runs[0]["typer"])


class LoadSampler:
    """The machine's one-minute load average, sampled every few seconds while the run goes."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples: list[float] = []
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.samples.append(os.getloadavg()[0])
            except OSError:
                return
            self._stop.wait(self._every)

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "not available on this system"
        return (
            f"one-minute load average {min(self.samples):.2f} to {max(self.samples):.2f} "
            f"(median {statistics.median(self.samples):.2f}, {len(self.samples)} samples) "
            f"on {os.cpu_count()} cores"
        )


def byte_compile() -> float:
    """Compile the package and its dependencies to bytecode, as a wheel install would."""
    started = time.perf_counter()
    paths = [str(ROOT / "src"), sysconfig.get_paths()["purelib"]]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *paths],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    return time.perf_counter() - started


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}"
    )


# (name, target of this work, goal beyond it)
TARGETS = {
    "a": (1.6, 1.3),
    "b": (1.5, 1.25),
    "c": (0.55, 0.52),
    "d": (1.05, 1.0),
    "e": (0.1, 0.05),
}

Row = tuple[str, str, str, str, str, str, str]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=45_000, help="generated profiles for the scale run (d)"
    )
    parser.add_argument(
        "--pairs-n",
        type=int,
        default=2_000,
        help="profiles for the alternating pairs (b) and (c); at most --n",
    )
    parser.add_argument(
        "--validate-n", type=int, default=2_000, help="files for the validate comparison"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--no-byte-compile", action="store_true", help="skip byte-compiling (the smoke test)"
    )
    args = parser.parse_args(argv)
    n, repeat = args.n, args.repeat
    pairs_n = min(args.pairs_n, n)
    rows: list[Row] = []

    def row(key: str, name: str, ours: float, theirs: float, fmt: Callable[[float], str]) -> None:
        ratio = ours / theirs if theirs else float("inf")
        target, beyond = TARGETS[key]
        verdict = "met" if ratio <= target else "missed"
        if ratio <= beyond:
            verdict = "met, and the goal beyond"
        rows.append(
            (
                name,
                fmt(ours),
                fmt(theirs),
                f"{ratio:.2f}×",
                f"≤ {target:g}×",
                f"≤ {beyond:g}×",
                verdict,
            )
        )

    seconds: Callable[[float], str] = lambda value: f"{value:.3f} s"  # noqa: E731
    compiled = 0.0 if args.no_byte_compile else byte_compile()
    with LoadSampler() as load, tempfile.TemporaryDirectory(prefix="integracheck-bench-") as tmp:
        folder = Path(tmp) / "profiles"
        folder.mkdir()
        started = time.perf_counter()
        files = generate(folder, n)
        generated = time.perf_counter() - started
        pairs = Path(tmp) / "pairs"
        tenth = Path(tmp) / "tenth"
        for target, count in ((pairs, pairs_n), (tenth, max(1, n // 10))):
            target.mkdir()
            for path in files[:count]:
                os.link(path, target / path.name)

        ours, theirs = pair(
            [INTEGRACHECK, "assess", str(EXAMPLE), "--format", "json"],
            [sys.executable, "-c", "import pydantic, yaml"],
            repeat,
        )
        t_cold, t_base = ours, theirs
        row(
            "a",
            '(a) cold `assess example.yaml --format json` vs `python -c "import pydantic, yaml"`',
            ours,
            theirs,
            seconds,
        )

        parse = Path(tmp) / "parse.py"
        parse.write_text(PARSE_ONLY, encoding="utf-8")
        listing = [str(p) for p in files[:pairs_n]]

        def batch(where: Path, jobs: int, out: str) -> list[str]:
            return [INTEGRACHECK, "batch", str(where), "--jobs", str(jobs), "--quiet", "-o", out]

        batch1 = batch(pairs, 1, str(Path(tmp) / "out.csv"))
        batch2 = batch(pairs, 2, str(Path(tmp) / "out2.csv"))
        t_batch1, t_parse = pair(batch1, [sys.executable, str(parse), *listing], repeat)
        row(
            "b",
            f"(b) `batch --jobs 1` over {pairs_n} profiles vs parsing them with PyYAML's C loader",
            t_batch1,
            t_parse,
            seconds,
        )
        t_batch2, t_batch1b = pair(batch2, batch1, repeat)
        row(
            "c",
            f"(c) `batch --jobs 2` vs `--jobs 1` over {pairs_n} profiles",
            t_batch2,
            t_batch1b,
            seconds,
        )

        # (d) at the full N: one run each (memory does not jitter as time does).
        full = batch(folder, 1, str(Path(tmp) / "full.csv"))
        started = time.perf_counter()
        big = peak_rss(full)
        t_full = time.perf_counter() - started
        little = peak_rss(batch(tenth, 1, str(Path(tmp) / "tenth.csv")))
        row(
            "d",
            f"(d) peak memory of `batch --jobs 1` at N={n} vs N={max(1, n // 10)}",
            big,
            little,
            lambda value: f"{value / 1024:.1f} MiB",
        )

        schema = Path(tmp) / "profile.schema.json"
        schema.write_text(
            subprocess.run(
                [INTEGRACHECK, "schema"], capture_output=True, text=True, check=True
            ).stdout,
            encoding="utf-8",
        )
        some = [str(p) for p in files[: args.validate_n]]
        check = shutil.which("check-jsonschema") or str(BIN / "check-jsonschema")
        if Path(check).exists():
            ours, theirs = pair(
                [INTEGRACHECK, "validate", "--quiet", *some],
                [check, "--schemafile", str(schema), *some],
                repeat,
            )
            row(
                "e",
                f"(e) `validate` over {len(some)} files vs `check-jsonschema --schemafile`",
                ours,
                theirs,
                seconds,
            )
        else:
            rows.append(
                (
                    "(e) `validate` vs `check-jsonschema`",
                    "–",
                    "–",
                    "–",
                    "≤ 0.1×",
                    "≤ 0.05×",
                    "not measured: check-jsonschema is not installed",
                )
            )

        parts = breakdown(files[: min(200, len(files))])
        cli_import, cli_parse, typer_version = command_line_share(repeat)

    figures = {
        "n": n,
        "pairs_n": pairs_n,
        "repeat": repeat,
        "t_cold": t_cold,
        "t_base": t_base,
        "t_batch1": t_batch1,
        "t_parse": t_parse,
        "t_full": t_full,
        "cli_import": cli_import,
        "cli_parse": cli_parse,
        "typer": typer_version,
    }
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `python bench/run.py --n {n} --pairs-n {pairs_n} --validate-n "
        f"{args.validate_n} --repeat {repeat}` on {dt.date.today().isoformat()}.",
        "",
        f"Machine: {machine()}. During the run: {load.summary()}. "
        + (
            f"The package and its dependencies were byte-compiled first ({compiled:.1f} s), as "
            "a wheel install would be."
            if not args.no_byte_compile
            else "Nothing was byte-compiled first (--no-byte-compile)."
        ),
        "",
        f"{n} varied profiles were generated from `city_profiles/example.yaml` (random city "
        f"type, languages, statuses, services and policy facts; up to three sections left out) "
        f"in {generated:.1f} s. Each time is the median of {repeat} runs, the two sides of a pair "
        f"run alternately; each memory figure is one run.",
        "",
        "| Measure | integracheck | Baseline | Ratio | Target | Goal beyond | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    lines += [
        "",
        "## Where the time goes",
        "",
        f"Measured in a fresh interpreter by the same script, over {min(200, n)} of the "
        "generated profiles.",
        "",
        "| Start-up, once per process | ms |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {1000 * value:.1f} |" for name, value in parts["startup"].items()]
    lines += [
        f"| the command line: import it (Typer {typer_version}) | {cli_import:.1f} |",
        f"| the command line: from there to entering `assess` | {cli_parse:.1f} |",
    ]
    lines += ["", "| Per profile | ms |", "|---|---:|"]
    lines += [f"| {name} | {1000 * value:.2f} |" for name, value in parts["per_profile"].items()]
    lines += ["", "## Reading the figures", "", *_reading(parts, figures, rows)]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def _reading(
    parts: dict[str, dict[str, float]], figures: dict[str, object], rows: list[Row]
) -> list[str]:
    """What the measurements say about each target, in figures from this run."""
    start, per = parts["startup"], parts["per_profile"]
    n, pairs_n, repeat = int(figures["n"]), int(figures["pairs_n"]), int(figures["repeat"])  # type: ignore[call-overload]
    t_batch1 = float(figures["t_batch1"])  # type: ignore[arg-type]
    t_full = float(figures["t_full"])  # type: ignore[arg-type]
    each = t_batch1 / pairs_n
    out = []
    if pairs_n < n:
        pairs_hours = (each * n * 2 + each * n / 2 * 2) * repeat / 3600
        out.append(
            f"- **N.** (d) ran at N = {n}: one `batch --jobs 1` run took {t_full:.0f} s "
            f"({1000 * t_full / n:.1f} ms per profile). The alternating pairs (b) and (c) ran "
            f"at {pairs_n}: at {n} they would take about {pairs_hours:.1f} hours at "
            f"{repeat} repetitions ({1000 * each:.1f} ms per profile), beyond one working "
            "session on this machine; the per-profile cost at the two sizes shows the ratio "
            "holds."
        )
    missed = {row[0][:3] for row in rows if row[6] == "missed"}
    parse_c = 1000 * per["parse with PyYAML's C loader only"]
    ours = {k: 1000 * v for k, v in per.items() if k != "parse with PyYAML's C loader only"}
    if "(a)" in missed:
        cli = float(figures["cli_import"]) + float(figures["cli_parse"])  # type: ignore[arg-type]
        cold = 1000 * float(figures["t_cold"])  # type: ignore[arg-type]
        core = 1000 * start["import pydantic-core and PyYAML"]
        models = 1000 * start[MODELS]
        rest = sum(
            1000 * v for k, v in start.items() if k != MODELS and not k.startswith("compile")
        )
        allowed = 1000 * TARGETS["a"][0] * float(figures["t_base"])  # type: ignore[arg-type]
        out.append(
            f"- **(a) missed.** A cold run is {cold:.0f} ms (median). Of it, the command line "
            f"takes {cli:.0f} ms to import Typer and reach the command; pydantic-core and "
            f"PyYAML {core:.0f} ms to import; the rest of start-up {rest - core:.0f} ms (the "
            "engine, the analyses, the report classes, the stored checklists and schema); then "
            "compiling the expressions a run reaches, the assessment and the JSON. No pydantic "
            f"model class is built any more (they would add {models:.0f} ms). The target allows "
            f"{allowed:.0f} ms; the command line and the two imports take {cli + core:.0f} ms "
            "of it before any work of integracheck's own."
        )
    if "(b)" in missed:
        out.append(
            f"- **(b) missed.** Per profile, PyYAML's C loader takes {parse_c:.2f} ms; "
            f"integracheck takes {sum(ours.values()):.2f} ms: parsing with positions "
            f"{ours['parse keeping positions']:.2f} ms "
            f"({ours['parse keeping positions'] / parse_c:.2f}× the C loader), evaluating the "
            f"rules {ours['evaluate the rules']:.2f} ms (about 500 distinct JMESPath "
            f"expressions a profile, compiled to closures), the analyses "
            f"{ours['analyse (time and space)']:.2f} ms, validation "
            f"{ours['validate (stored schema)']:.2f} ms and scoring {ours['score']:.2f} ms. "
            "Meeting the target would need the rules evaluated in about a millisecond, a few "
            "microseconds an expression: beyond closures in Python."
        )
    for key, text in (("(c)", "two processes"), ("(d)", "memory"), ("(e)", "validate")):
        if key in missed:
            out.append(f"- **{key} missed** ({text}): see the table.")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
