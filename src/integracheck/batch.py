"""Assess many profiles, in parallel, streaming one compact row per profile."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from integracheck.api import assess, checklists
from integracheck.loading.errors import InputError, InputProblem
from integracheck.models.batch import BatchPlan, BatchRow
from integracheck.models.report import Report
from integracheck.scoring import peers_summary

PROFILE_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; folders walked (sorted) for YAML files. Missing paths are yielded too,
    so that they are reported like any unreadable profile."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix in PROFILE_SUFFIXES and found.is_file():
                    yield str(found)
        else:
            yield raw


def plan(checklist_refs: Sequence[str] = (), today: dt.date | None = None) -> BatchPlan:
    """Load the checklists once (raising InputError early if one is bad)."""
    groups = [group for loaded in checklists(checklist_refs) for group in loaded.checklist.groups]
    return BatchPlan(
        checklist_refs=tuple(checklist_refs),
        group_ids=tuple(group.id for group in groups),
        group_titles=tuple(group.title for group in groups),
        today=today or dt.date.today(),
    )


def assess_row(file: str, batch: BatchPlan) -> BatchRow:
    try:
        report = assess(file, batch.checklist_refs, today=batch.today)
    except InputError as exc:
        return BatchRow(file=file, problems=tuple(str(p) for p in exc.problems))
    scores = {group.id: group.score for group in report.groups}
    return BatchRow(
        file=file,
        city=report.city,
        country=report.country,
        city_type=report.city_type,
        score=report.score,
        band=report.band,
        groups=tuple(scores.get(group_id) for group_id in batch.group_ids),
        gaps=sum(result.is_gap for result in report.results),
        risks=tuple(risk.risk_id for risk in report.risks),
    )


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
    if jobs == 1:
        for file in files:
            yield assess_row(file, batch)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[Future[list[BatchRow]]] = []
        for chunk_files in _chunks(files, chunk):
            pending.append(pool.submit(_assess_chunk, (chunk_files, batch)))
            if len(pending) >= jobs * 4:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


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
    peers' median and quartiles per group. Peers that fail to load are left out."""
    report = assess(file, checklist_refs, **options)  # type: ignore[arg-type]
    today = options.get("today")
    batch = plan(checklist_refs, today if isinstance(today, dt.date) else None)
    if not Path(peers_dir).is_dir():
        raise InputError([InputProblem(peers_dir, 1, 1, "", "--peers needs a folder of profiles")])
    own = Path(file).resolve()
    others = [f for f in expand([peers_dir]) if Path(f).resolve() != own]
    overall: list[float] = []
    groups: dict[str, list[float]] = {group_id: [] for group_id in batch.group_ids}
    count = 0
    for row in run(others, batch, jobs=jobs):
        if not row.ok:
            continue
        count += 1
        if row.score is not None:
            overall.append(row.score)
        for group_id, score in zip(batch.group_ids, row.groups, strict=True):
            if score is not None:
                groups[group_id].append(score)
    return replace(report, peers=peers_summary(peers_dir, overall, groups, count))
