"""What every measurement shares: soft failure, timing, percentiles, servers on free ports.

A measurement is a small function returning a dict of figures. :meth:`Results.run` calls
it; when the product piece it measures does not exist yet (or fails), every key it owns
is recorded as ``None`` with the reason, and the run goes on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


@dataclass
class Results:
    """Figures by key, and for each missing figure the reason it is missing."""

    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def run(self, keys: Sequence[str], measure: Callable[..., dict[str, Any]], *args, **kwargs) -> dict[str, Any]:
        """Run ``measure``; on failure record ``keys`` as ``None`` with the reason."""
        started = time.perf_counter()
        try:
            figures = measure(*args, **kwargs) or {}
        except Exception as exc:  # noqa: BLE001 - a bench keeps going past a missing piece
            reason = _reason(exc)
            self.say(f"  {measure.__name__}: n/a ({reason})")
            for key in keys:
                self.data.setdefault(key, None)
                self.errors.setdefault(key, reason)
            return {}
        self.errors.update(figures.pop("_errors", {}))
        self.data.update(figures)
        for key, value in figures.items():
            if value is None and key not in self.errors:
                self.errors[key] = "not measured"
        self.say(f"  {measure.__name__}: {time.perf_counter() - started:.1f} s")
        return figures

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a phase of the run into ``phase_s`` and say on stderr where the run is."""
        self.say(f"{name} …")
        t0 = time.perf_counter()
        try:
            yield
        finally:
            took = round(time.perf_counter() - t0, 1)
            self.data.setdefault("phase_s", {})[name] = round(self.data.get("phase_s", {}).get(name, 0) + took, 1)
            self.say(f"{name}: {took:,.1f} s")

    def say(self, line: str) -> None:
        """A progress line on stderr, stamped with the seconds since the run began."""
        print(f"[{time.perf_counter() - self.started:7.0f} s] {line}", file=sys.stderr, flush=True)

    def sampled(self, key: str, how: str) -> None:
        """Say in the JSON (``sampled``) that ``key`` was measured on part of the run."""
        self.data.setdefault("sampled", {})[key] = how

    def note(self, key: str, reason: str) -> None:
        self.data.setdefault(key, None)
        self.errors[key] = reason


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation; ``None`` for no values."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]) if 0 < q < 100 \
        else float(min(values) if q <= 0 else max(values))


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children, in MiB."""
    import psutil

    root = psutil.Process(pid)
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return round(total / 2**20, 1)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def venv_tool(name: str) -> str:
    """A console script installed beside this interpreter (the project's .venv)."""
    candidate = Path(sys.executable).parent / name
    if not candidate.exists():
        raise FileNotFoundError(f"{candidate} is not installed")
    return str(candidate)


class Server:
    """A server subprocess on 127.0.0.1, started and always stopped (use ``with``).

    ``ready_path`` is polled until it answers below 500; ``started`` is when the
    process was spawned and ``ready_s`` how long it took to answer.
    """

    def __init__(self, name: str, argv: list[str], port: int, ready_path: str, *,
                 env: dict[str, str] | None = None, timeout: float = 120.0, log: Path | None = None) -> None:
        self.name, self.argv, self.port, self.ready_path = name, argv, port, ready_path
        self.env = {**os.environ, **(env or {})}
        self.timeout = timeout
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.ready_s: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        out = self.log.open("wb") if self.log else subprocess.DEVNULL
        started = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = started + self.timeout
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with status {self.proc.returncode} "
                                       f"before answering{self._log_tail()}")
                try:
                    if client.get(self.url + self.ready_path).status_code < 500:
                        self.ready_s = time.perf_counter() - started
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.02)
        self.stop()
        raise TimeoutError(f"{self.name} did not answer {self.ready_path} within {self.timeout:.0f} s")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def _log_tail(self) -> str:
        if not self.log or not self.log.exists():
            return ""
        tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        return ": " + " | ".join(tail) if tail else ""


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Seconds per call of ``fn``, ``repeat`` times."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def find_callable(candidates: Sequence[str]) -> Callable:
    """The first of ``"module:name"`` that exists (the product's API is still landing).

    :raises LookupError: listing what was tried, when none exists.
    """
    import importlib

    for candidate in candidates:
        module_name, _, attr = candidate.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        target: Any = module
        for part in attr.split("."):
            target = getattr(target, part, None)
            if target is None:
                break
        if callable(target):
            return target
    raise LookupError("none of " + ", ".join(candidates) + " exists yet")


def call_with(fn: Callable, values: dict[str, Any]) -> Any:
    """Call ``fn`` passing, by name, the values its signature asks for.

    :raises TypeError: when it requires a parameter ``values`` has no value for.
    """
    import inspect

    signature = inspect.signature(fn)
    args, kwargs = [], {}
    for name, param in signature.parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in values:
            if param.kind == param.POSITIONAL_ONLY:
                args.append(values[name])
            elif param.kind == param.KEYWORD_ONLY:
                kwargs[name] = values[name]
            else:
                kwargs[name] = values[name]
        elif param.default is param.empty:
            raise TypeError(f"{fn.__qualname__} needs {name!r}, which the bench cannot supply")
    return fn(*args, **kwargs)
