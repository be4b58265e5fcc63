"""Ingest against the floor: the whole pipeline beside plain ``jieba.lcut`` on the same text.

One pass over the files does three things per file, each timed on its own: the
pipeline (``Pipeline.process_file``), plain jieba with HMM over each resulting
document's cleaned text (same process, same run, a ``jieba.Tokenizer`` warmed up
beforehand), and the graph write (handed to ``write``; not part of ``ingest_s``).
"""

from __future__ import annotations

import cProfile
import io
import multiprocessing as mp
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WARM_UP = "同志们：今天召开全县安全生产工作会议，坚持人民至上、生命至上，健全双重预防机制。"


def make_pipeline(lexicon_dir: Path | None):
    """A warmed-up pipeline (lexicon, automaton and dictionaries loaded)."""
    from ingest.lexicon import load_lexicon
    from ingest.pipeline import Pipeline

    pipeline = Pipeline(load_lexicon(lexicon_dir) if lexicon_dir else None)
    pipeline.warm_up()  # what is loaded on first use (cn2an, OpenCC, decoder tables), not only jieba
    pipeline.process_text(WARM_UP, "warm-up.txt")
    return pipeline


def make_jieba():
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.lcut(WARM_UP, HMM=True)
    return tokenizer


def ingest_serial(files: list[Path], pipeline, write: Callable[[list], None] | None, *,
                  tokenizer=None) -> dict[str, Any]:
    """The pipeline, the jieba floor and the writes over every file, in one process."""
    tokenizer = tokenizer or make_jieba()
    ingest_s = jieba_s = write_s = 0.0
    docs = chars = raw_bytes = 0
    failed: dict[str, int] = {}
    for path in files:
        raw_bytes += path.stat().st_size
        t0 = time.perf_counter()
        try:
            documents = pipeline.process_file(path)
        except Exception as exc:  # noqa: BLE001 - a refused file is counted, the run goes on
            ingest_s += time.perf_counter() - t0
            reason = type(exc).__name__ + ": " + str(exc).split(":")[-1].strip()[:60]
            failed[reason] = failed.get(reason, 0) + 1
            continue
        ingest_s += time.perf_counter() - t0
        for doc in documents:
            t0 = time.perf_counter()
            tokenizer.lcut(doc.text, HMM=True)
            jieba_s += time.perf_counter() - t0
            chars += len(doc.text)
        docs += len(documents)
        if write is not None:
            t0 = time.perf_counter()
            write(documents)
            write_s += time.perf_counter() - t0
    return {
        "files": len(files), "docs": docs, "chars": chars, "raw_bytes": raw_bytes,
        "ingest_failed_files": sum(failed.values()), "ingest_failures": failed,
        **_versus_jieba(ingest_s, jieba_s, chars),
        "store_write_s": round(write_s, 3) if write is not None else None,
    }


def build(files: list[Path], pipeline, write: Callable[[list], None], *,
          sample_budget_s: float, workers: int = 1, progress: Callable[[str], None] | None = None,
          label: str = "build") -> dict[str, Any]:
    """Every file into the store; the ingest ÷ jieba figures on a sample of them.

    The first files, for ``sample_budget_s`` seconds of pipeline time (at least one
    file), go through :func:`ingest_serial` (pipeline and jieba timed side by side in this
    process, then written). The rest are parsed by ``workers`` forked processes, in file
    order, and written here by the one writer, as ``safetykg ingest`` would: at 10,000
    files the writes, not the parsing, are what takes the time, and they must all happen
    to have a store to measure. ``store_write_s`` covers every file; ``ingest_s`` and
    ``jieba_s`` only the sample (``ingest_sample_files``).
    """
    started = time.perf_counter()
    say = progress or (lambda _line: None)
    block = max(len(files) // 10, 1)
    blocks: list[list[float]] = []  # [seconds, documents] of the writes of each tenth of the files
    plain_write = write

    def write(documents: list) -> None:  # ``done``: files finished before this one
        t0 = time.perf_counter()
        plain_write(documents)
        while len(blocks) <= done // block:
            blocks.append([0.0, 0])
        blocks[done // block][0] += time.perf_counter() - t0
        blocks[done // block][1] += len(documents)

    tokenizer = make_jieba()
    ingest_s = jieba_s = write_s = 0.0
    docs = chars = raw_bytes = sample_chars = 0
    failed: dict[str, int] = {}
    done = 0
    last = started
    for path in files:
        if done and ingest_s >= sample_budget_s:
            break
        figures = ingest_serial([path], pipeline, write, tokenizer=tokenizer)
        done += 1
        ingest_s += figures["ingest_s"]
        jieba_s += figures["jieba_s"]
        write_s += figures["store_write_s"] or 0.0
        docs += figures["docs"]
        chars += figures["chars"]
        raw_bytes += figures["raw_bytes"]
        for reason, n in figures["ingest_failures"].items():
            failed[reason] = failed.get(reason, 0) + n
        if time.perf_counter() - last >= 30:
            last = time.perf_counter()
            say(f"{label}: {done:,}/{len(files):,} files (sampling ingest ÷ jieba: {ingest_s:,.0f} of "
                f"{sample_budget_s:g} s), writes {write_s:,.0f} s")
    sample_files, sample_docs, sample_chars = done, docs, chars
    say(f"{label}: ingest ÷ jieba sampled on {done:,} files ({ingest_s:.0f} s); "
        f"{len(files) - done:,} more through {workers} worker(s) and the writer")
    rest = files[done:]
    if rest:
        for path, documents in _parsed(rest, workers, pipeline):
            raw_bytes += path.stat().st_size
            if documents is None:
                failed["refused by a worker"] = failed.get("refused by a worker", 0) + 1
                done += 1
                continue
            t0 = time.perf_counter()
            write(documents)
            write_s += time.perf_counter() - t0
            done += 1
            docs += len(documents)
            chars += sum(len(doc.text) for doc in documents)
            if time.perf_counter() - last >= 30:
                last = time.perf_counter()
                elapsed = last - started
                say(f"{label}: {done:,}/{len(files):,} files, {elapsed:,.0f} s, writes {write_s:,.0f} s, "
                    f"about {elapsed / done * (len(files) - done):,.0f} s to go")
    wall = time.perf_counter() - started
    return {
        "files": len(files), "docs": docs, "chars": chars, "raw_bytes": raw_bytes,
        "ingest_failed_files": sum(failed.values()), "ingest_failures": failed,
        **_versus_jieba(ingest_s, jieba_s, sample_chars),
        "ingest_sample_files": sample_files, "ingest_sample_docs": sample_docs,
        "ingest_sample_chars": sample_chars,
        "store_write_s": round(write_s, 3),
        "store_write_ms_per_doc": round(write_s * 1000 / docs, 2) if docs else None,
        "build_s": round(wall, 1), "build_workers": workers,
        "store_write_ms_per_doc_by_tenth": [round(sec * 1000 / n, 1) if n else None for sec, n in blocks],
    }



def _versus_jieba(ingest_s: float, jieba_s: float, chars: int) -> dict[str, Any]:
    """The pipeline beside plain jieba over the same ``chars``, as every ingest figure states it."""
    return {
        "ingest_s": round(ingest_s, 3), "jieba_s": round(jieba_s, 3),
        "ingest_vs_jieba": round(ingest_s / jieba_s, 3) if jieba_s else None,
        "ingest_chars_per_s": round(chars / ingest_s) if ingest_s else None,
        "jieba_chars_per_s": round(chars / jieba_s) if jieba_s else None,
    }

def _parsed(files: list[Path], workers: int, pipeline):
    """``(path, documents or None)`` in file order, parsed by forked workers that inherit
    this process's warmed-up ``pipeline``."""
    global _worker_pipeline
    _worker_pipeline = pipeline
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(max(workers, 1)) as pool:
            yield from zip(files, pool.imap(_process_or_none, files, chunksize=2))
    finally:
        _worker_pipeline = None


# --- workers: forked, each with its own pipeline ---------------------------------------

_worker_pipeline = None


def _process_or_none(path: Path) -> list | None:
    try:
        return _worker_pipeline.process_file(path)
    except Exception:  # noqa: BLE001 - counted by the writer as a refused file
        return None


def _init_worker(lexicon_dir: Path | None, barrier) -> None:
    global _worker_pipeline
    _worker_pipeline = make_pipeline(lexicon_dir)
    barrier.wait()


def _process(path: Path) -> list:
    try:
        return _worker_pipeline.process_file(path)
    except Exception:  # noqa: BLE001 - counted as failed by the serial pass already
        return []


def ingest_pool_s(files: list[Path], workers: int, lexicon_dir: Path | None) -> float:
    """Seconds for ``workers`` forked processes to ingest ``files``, documents sent back.

    The documents travel back to the parent (pickled), as they must to reach the one
    process that writes the store; pipelines are built and warmed up before the clock.
    """
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(workers + 1)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(lexicon_dir, barrier)) as pool:
        barrier.wait()
        t0 = time.perf_counter()
        for _ in pool.imap_unordered(_process, files, chunksize=4):
            pass
        return time.perf_counter() - t0


def ingest_speedup(files: list[Path], lexicon_dir: Path | None, *, workers: int = 2) -> dict[str, Any]:
    one = ingest_pool_s(files, 1, lexicon_dir)
    many = ingest_pool_s(files, workers, lexicon_dir)
    return {"ingest_1w_pool_s": round(one, 3), f"ingest_{workers}w_pool_s": round(many, 3),
            "ingest_2w_speedup": round(one / many, 3) if workers == 2 else None,
            "ingest_speedup_files": len(files)}


# --- where the time goes --------------------------------------------------------------

def _stage(filename: str) -> str:
    """The pipeline stage a callee belongs to: the ingest module, else its package."""
    parts = Path(filename).parts
    if "ingest" in parts:
        rest = parts[parts.index("ingest") + 1:]
        return Path(rest[0]).stem if rest else "ingest"
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1:]
        return Path(rest[0]).stem if rest else "other"
    return "builtin" if filename.startswith("~") or filename.startswith("<") else "other"


def ingest_profile(files: list[Path], pipeline, ingest_s: float | None, chars: int | None,
                   out: Path | None = None) -> dict[str, Any]:
    """cProfile the pipeline on ``files``; split its time by stage as called from pipeline.py.

    Stage shares come from the profiled run and are applied to the unprofiled
    ``ingest_s`` (which processed ``chars`` cleaned characters) to give each stage's
    throughput in chars/s.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        try:
            pipeline.process_file(path)
        except Exception:  # noqa: BLE001 - refused files were counted by the serial pass
            pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    if out is not None:
        stats.dump_stats(str(out))
    stages: dict[str, float] = {}
    for func, (_cc, _nc, _tt, _ct, callers) in stats.stats.items():
        if func[0].endswith("pipeline.py") and "ingest" in Path(func[0]).parts:
            continue
        for caller, edge in callers.items():
            if caller[0].endswith("pipeline.py") and "ingest" in Path(caller[0]).parts:
                stage = _stage(func[0])
                stages[stage] = stages.get(stage, 0.0) + edge[3]
    total = sum(stages.values()) or 1.0
    share = {k: round(v / total, 4) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])}
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(15)
    top = [line for line in buffer.getvalue().splitlines() if line.strip() and
           ("{" in line or "/" in line or ":" in line)][-15:]
    result: dict[str, Any] = {"ingest_stage_share": share, "ingest_profile_top": top}
    if ingest_s and chars:
        def rate(*names: str) -> int | None:
            part = sum(share.get(n, 0.0) for n in names)
            return round(chars / (ingest_s * part)) if part else None
        result["clean_segment_chars_per_s"] = rate("clean", "segment")
        result["extract_chars_per_s"] = rate("extract")
    return result


def sample(files: list[Path], max_bytes: int) -> list[Path]:
    """The first files up to ``max_bytes`` in total (at least one)."""
    picked, size = [], 0
    for path in files:
        picked.append(path)
        size += path.stat().st_size
        if size >= max_bytes:
            break
    return picked


def elapsed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0
