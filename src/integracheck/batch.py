"""Assess many profiles, in parallel, streaming one compact row per profile."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from integracheck.api import assess, checklists
from integracheck.collector import started
from integracheck.loading.errors import InputError, InputProblem
from integracheck.models.batch import BatchPlan, BatchRow
from integracheck.models.inert_text import one_line, shown_file_name
from integracheck.models.report import GroupScore, Report
from integracheck.scoring import BANDS, band, peers_summary

# How a row ranks: whether it has a score, then its lower bound, its upper bound, its score.
RankKey = tuple[int, float, float, float]

PROFILE_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders walked (sorted) for YAML files (`.yaml`, `.yml`, any case).
    What cannot be read is yielded too, so that it is reported like any unreadable profile
    rather than skipped: a missing path, a dangling link, an unreadable subfolder, and a folder
    with no profile in it."""
    for raw in paths:
        if Path(raw).is_dir():
            yield from _walk(raw)
        else:
            yield raw


def _walk(root: str) -> Iterator[str]:
    """Profiles under `root`, folder by folder in sorted order (as `os.walk`, top down, not
    following links to folders), each folder's names read once and kept as one string: a list
    of 45,000 names holds 3 MB for the whole run, the string a fifth of it."""
    unreadable: list[str] = []
    found_any = False
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            names, subfolders = _listing(folder)
        except OSError as exc:
            unreadable.append(exc.filename or folder)
            continue
        for name in _split(names):
            found_any = True
            yield str(Path(folder) / name)
        pending.extend(os.path.join(folder, name) for name in reversed(subfolders))
    yield from unreadable
    if not found_any and not unreadable:
        yield root  # reported as a folder with no profile in it


def _listing(folder: str) -> tuple[str, list[str]]:
    """A folder's profile names, sorted and joined by NUL (never in a name), and its
    subfolders, sorted."""
    files: list[str] = []
    subfolders: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    subfolders.append(entry.name)
            elif os.path.splitext(entry.name)[1].lower() in PROFILE_SUFFIXES:
                files.append(entry.name)
    files.sort()
    subfolders.sort()
    return "\0".join(files), subfolders


def _split(names: str) -> Iterator[str]:
    start = 0
    while start < len(names):
        end = names.find("\0", start)
        end = len(names) if end < 0 else end
        yield names[start:end]
        start = end + 1


def plan(
    checklist_refs: Sequence[str] = (), today: dt.date | None = None, strict: bool = False
) -> BatchPlan:
    """Load the checklists once (raising InputError early if one is bad)."""
    groups = [group for loaded in checklists(checklist_refs) for group in loaded.checklist.groups]
    return BatchPlan(
        checklist_refs=tuple(checklist_refs),
        group_ids=tuple(group.id for group in groups),
        group_titles=tuple(group.title for group in groups),
        today=today or dt.date.today(),
        strict=strict,
    )


def assess_row(file: str, batch: BatchPlan) -> BatchRow:
    try:
        report = assess(file, batch.checklist_refs, today=batch.today, strict=batch.strict)
    except InputError as exc:
        return BatchRow(file=shown_file_name(file), problems=tuple(str(p) for p in exc.problems))
    except Exception as exc:  # a fault of ours on one file must not stop the others
        shown = one_line(file)
        return BatchRow(file=shown, problems=(f"{shown}:1:1: internal error: {exc!r}",))
    groups = {group.id: group for group in report.groups}
    return BatchRow(
        file=report.profile_file,
        city=report.city,
        country=report.country,
        city_type=report.city_type,
        score=report.score,
        coverage=report.coverage,
        band=report.band,
        groups=tuple(_score(groups.get(group_id)) for group_id in batch.group_ids),
        group_coverage=tuple(_coverage(groups.get(group_id)) for group_id in batch.group_ids),
        lower=report.lower,
        upper=report.upper,
        group_lower=tuple(_lower(groups.get(group_id)) for group_id in batch.group_ids),
        group_upper=tuple(_upper(groups.get(group_id)) for group_id in batch.group_ids),
        unknown=report.counts()["unknown"],
        fictional=report.fictional,
        gaps=sum(result.is_gap for result in report.results),
        risks=tuple(risk.risk_id for risk in report.risks),
        rule_sets=rule_sets(report),
    )


def rule_sets(report: Report) -> tuple[tuple[str, str], ...]:
    """Which rules a report was assessed against: its checklists' ids and fingerprints."""
    return tuple((checklist.id, checklist.fingerprint) for checklist in report.checklists)


def _score(group: GroupScore | None) -> float | None:
    return None if group is None else group.score


def _coverage(group: GroupScore | None) -> float | None:
    return None if group is None else group.coverage


def _lower(group: GroupScore | None) -> float | None:
    return None if group is None else group.lower


def _upper(group: GroupScore | None) -> float | None:
    return None if group is None else group.upper


def rank_key(row: BatchRow) -> RankKey:
    """Highest first: by the lower bound (what the stated facts guarantee), then by the upper
    bound (what they still allow), then by the evidence-based score. A city cannot climb by
    leaving facts out (that never raises its lower bound), and a score on 2% of the evidence,
    whose lower bound is near 0, ranks nothing. Rows with no score come last."""
    if row.lower is None or row.upper is None:
        return (0, 0.0, 0.0, 0.0)
    return (1, row.lower, row.upper, row.score or 0.0)


def _assess_chunk(args: tuple[list[str], BatchPlan]) -> list[BatchRow]:
    files, batch = args
    return [assess_row(file, batch) for file in files]


def run(
    files: Iterable[str], batch: BatchPlan, jobs: int | None = None, chunk: int = 16
) -> Iterator[BatchRow]:
    """Rows in the order of `files`, computed by `jobs` processes (default: all cores).

    Files are sent in chunks so that each process loads and compiles the checklists once and
    the cost of passing work between processes stays small; at most a few chunks per process
    are in flight, so memory does not grow with the number of files.
    """
    jobs = jobs or os.cpu_count() or 1
    started()  # the checklists are loaded: what comes now is per profile
    if jobs == 1:
        for file in files:
            yield assess_row(file, batch)
        return
    yield from _pooled(_chunks(files, chunk), batch, jobs)


def _pooled(chunks: Iterator[list[str]], batch: BatchPlan, jobs: int) -> Iterator[BatchRow]:
    """Rows of the chunks, in order, from a pool of `jobs` processes.

    A worker that dies (killed by the OOM killer, say) breaks the whole pool, and with it
    every chunk in flight. Those chunks are assessed again, by a new pool, each profile alone
    and one at a time; a profile whose worker dies again then is reported as not assessed,
    and the rest of the batch goes on in yet another pool. No other profile's row is lost."""
    pool = _new_pool(jobs)
    pending: deque[tuple[list[str], bool, Future[list[BatchRow]]]] = deque()
    again: deque[str] = deque()  # files of the chunks a broken pool lost, in order
    try:
        while True:
            # One retried profile at a time, so a death is the fault of the one in flight.
            while (again and not pending) or (not again and len(pending) < jobs * 4):
                if again:
                    task, alone = [again.popleft()], True
                else:
                    next_chunk = next(chunks, None)
                    if next_chunk is None:
                        break
                    task, alone = next_chunk, False
                pending.append((task, alone, pool.submit(_assess_chunk, (task, batch))))
            if not pending:
                return
            task, alone, future = pending.popleft()
            try:
                rows = future.result()
            except BrokenProcessPool:
                lost = [file for files, _, _ in pending for file in files]
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _new_pool(jobs)
                if alone:
                    yield _not_assessed(task[0])
                else:
                    lost = task + lost
                again.extendleft(reversed(lost))
                continue
            yield from rows
    finally:
        # Stopped early (an error, a signal, the caller gone): drop the queued work rather
        # than wait for it.
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_started)


def _not_assessed(file: str) -> BatchRow:
    shown = shown_file_name(file)
    message = (
        "not assessed: the worker process assessing it ended abruptly, twice (killed, or "
        "out of memory)"
    )
    return BatchRow(file=shown, problems=(f"{one_line(shown)}:1:1: {message}",))


def _worker_started() -> None:
    """In each worker: die with the parent, even if it is killed outright (Linux), and keep
    the start-up objects out of the garbage collector's way."""
    # A worker forked from the command line inherits its handlers; it should simply end.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
        except (OSError, AttributeError):  # not glibc-like: workers end with the pool instead
            pass
    started()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _chunks(files: Iterable[str], size: int) -> Iterator[list[str]]:
    current: list[str] = []
    for file in files:
        current.append(file)
        if len(current) == size:
            yield current
            current = []
    if current:
        yield current


def assess_with_peers(
    file: str,
    peers_dir: str,
    checklist_refs: Sequence[str] = (),
    *,
    jobs: int | None = None,
    **options: object,
) -> Report:
    """Assess `file`, then its peers (every other profile under `peers_dir`), and attach the
    peers' median and quartiles per group. Peers that fail to load are left out, and so are
    peers assessed against other rules than `file` (a custom checklist edited during the run):
    scores are compared only on the same rules."""
    report = assess(file, checklist_refs, **options)  # type: ignore[arg-type]
    today = options.get("today")
    batch = plan(checklist_refs, today if isinstance(today, dt.date) else None)
    if not Path(peers_dir).is_dir():
        raise InputError([InputProblem(peers_dir, 1, 1, "", "--peers needs a folder of profiles")])
    own = Path(file).resolve()
    others = [f for f in expand([peers_dir]) if Path(f).resolve() != own]
    overall: list[float] = []
    groups: dict[str, list[float]] = {group_id: [] for group_id in batch.group_ids}
    bounds: tuple[list[float], list[float]] = ([], [])
    group_bounds: tuple[dict[str, list[float]], dict[str, list[float]]] = (
        {group_id: [] for group_id in batch.group_ids},
        {group_id: [] for group_id in batch.group_ids},
    )
    count = fictional = other_rules = 0
    own_rules = rule_sets(report)
    for row in run(others, batch, jobs=jobs):
        if not row.ok:
            continue
        if row.fictional:
            fictional += 1  # a made-up city is no benchmark for a real one
            continue
        if row.rule_sets != own_rules:
            other_rules += 1
            continue
        count += 1
        # A peer's score counts only where its range lies within one band: there the stated
        # facts settle where the peer stands, whatever the facts not stated turn out to be.
        if row.score is not None and band_named(row.lower, row.upper):
            overall.append(row.score)
        if row.lower is not None and row.upper is not None:
            bounds[0].append(row.lower)
            bounds[1].append(row.upper)
        for group_id, score, lower, upper in zip(
            batch.group_ids, row.groups, row.group_lower, row.group_upper, strict=True
        ):
            if score is not None and band_named(lower, upper):
                groups[group_id].append(score)
            if lower is not None and upper is not None:
                group_bounds[0][group_id].append(lower)
                group_bounds[1][group_id].append(upper)
    summary = peers_summary(peers_dir, overall, groups, count, bounds, group_bounds)
    rules = tuple((c.id, c.version, c.fingerprint) for c in report.checklists)
    summary = replace(
        summary, fictional_left_out=fictional, other_rules_left_out=other_rules, rules=rules
    )
    return replace(report, peers=summary)


_BAND_NAMES = frozenset(name for _, name in BANDS)


def band_named(lower: float | None, upper: float | None) -> bool:
    """Whether a score's range lies within one band, so that the band can be named."""
    return band(lower, upper) in _BAND_NAMES
