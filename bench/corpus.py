"""A synthetic corpus of the real genre, deterministic for a seed.

Documents are assembled from the sentence patterns in ``bench/patterns.toml`` (written in
the style of data/corpus: speeches, meeting reports, inspection feedback, notices) with
places, levels, dates, numbers, lexicon concepts, invented formulations and incidents
substituted, and then spoiled with the noise real files carry (site chrome, traditional
script, pinyin glosses, garbled punctuation, GBK bytes, two speeches in one file, one
article reposted on two sites) at configurable rates.

Each document is generated from its own ``random.Random(f"{seed}:{index}")``, so document
``i`` is the same whatever ``n`` is and documents can be generated in any order.

>>> files = list(generate(3, seed=1))
>>> [f.name for f in files] == [f.name for f in generate(3, seed=1)]
True
>>> all(1_000 <= f.chars <= 40_000 for f in files)
True
"""

from __future__ import annotations

import json
import math
import random
import re
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PATTERNS = HERE / "patterns.toml"

CN_DIGITS = "一二三四五六七八九十"
LEVEL_WORDS = {  # level → (suffix when the name does not end in one, upper scope, sub-unit)
    "provincial": ("省", "全国", "市（州）"),
    "prefectural": ("市", "全省", "县（市、区）"),
    "county": ("县", "全市", "乡镇（街道）"),
    "township": ("镇", "全县", "村（社区）"),
}
GLOSSES = {"产": "chǎn", "產": "chǎn", "开": "kāi", "開": "kāi", "会": "huì", "會": "huì",
           "发": "fā", "發": "fā", "这": "zhè", "這": "zhè", "车": "che", "車": "che",
           "长": "zhǎng", "長": "zhǎng", "区": "qū", "區": "qū", "险": "xiǎn", "險": "xiǎn"}
GENRES = (("speech", 0.5), ("report", 0.25), ("feedback", 0.1), ("notice", 0.15))


@dataclass(frozen=True)
class Noise:
    """Share of files carrying each kind of noise (each drawn independently)."""

    chrome: float = 0.7        # a site's header and footer lines
    spam: float = 0.03         # a spam line on top (as in 002)
    traditional: float = 0.1   # OpenCC s2t over the whole file
    gloss: float = 0.5         # of traditional files: pinyin glosses after some characters
    punctuation: float = 0.3   # half-width marks, doubled and garbled commas, stray spaces
    gbk: float = 0.15          # encoded as GBK instead of UTF-8
    two_speeches: float = 0.03 # two speeches (一)(二) in one file
    repost: float = 0.05       # the previous article again, under another site's chrome


@dataclass(frozen=True)
class SyntheticFile:
    name: str
    data: bytes
    encoding: str
    chars: int
    noise: tuple[str, ...] = ()


@dataclass
class CorpusInfo:
    directory: Path
    files: int = 0
    chars: int = 0
    bytes: int = 0
    noise: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def patterns() -> dict:
    with PATTERNS.open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def lexicon_vocabulary(lexicon_dir: Path | None = None) -> dict[str, list[str]]:
    """Surface forms by kind from the curated lexicon, else the test lexicon, plus fallbacks."""
    from ingest.lexicon import load_lexicon

    vocab: dict[str, list[str]] = {k: list(v) for k, v in patterns()["fallback"].items()}
    candidates = [lexicon_dir] if lexicon_dir else [None, REPO / "tests" / "data" / "lexicon"]
    lexicon = None
    for candidate in candidates:
        try:
            lexicon = load_lexicon(candidate)
            break
        except Exception:  # noqa: BLE001 - a lexicon being written may be missing or broken
            continue
    if lexicon is None:
        return vocab
    by_kind: dict[str, list[str]] = {}
    for concept in lexicon.concepts.values():
        by_kind.setdefault(concept.kind, []).extend(concept.surfaces)
    for kind, surfaces in by_kind.items():
        vocab[kind] = sorted(set(surfaces))
    vocab["concept"] = sorted({s for c in lexicon.concepts.values() for s in c.surfaces})
    return vocab


class _Filler:
    """Fills ``{name}`` placeholders for one document, from its own random stream."""

    _FIELD = re.compile(r"\{(\w+)\}")

    def __init__(self, rng: random.Random, vocab: dict[str, list[str]], place: dict, year: int) -> None:
        self.rng, self.vocab, self.place, self.year = rng, vocab, place, year
        suffix, self.upper, self.sub = LEVEL_WORDS[place["level"]]
        last = place["name"][-1]
        self.lv = last if last in "省市县区镇州" else suffix
        self.title = ""

    def fill(self, template: str) -> str:
        return self._FIELD.sub(lambda m: self.value(m.group(1)), template)

    def pick(self, kind: str) -> str:
        words = self.vocab.get(kind) or self.vocab["concept"]
        return self.rng.choice(words)

    def person(self) -> str:
        p = patterns()
        return self.rng.choice(p["surnames"]) + self.rng.choice(p["given"])

    def value(self, name: str) -> str:  # noqa: C901 - one branch per placeholder, flat
        r, p = self.rng, patterns()
        base = name.rstrip("0123456789") if name not in ("list5", "cn5", "month2d", "day2d") else name
        if base in ("concept", "formulation", "principle", "sector", "hazard", "campaign",
                    "system", "mechanism"):
            return self.pick(base)
        simple = {
            "place": lambda: self.place["name"], "short": lambda: self.place["short"],
            "province": lambda: r.choice(["四川省", "湖北省", "山东省", "江苏省", "广东省"]),
            "lv": lambda: self.lv, "scope": lambda: "全" + self.lv, "upper": lambda: self.upper,
            "lv_sub": lambda: self.sub, "year": lambda: str(self.year),
            "month": lambda: str(r.randint(1, 12)), "day": lambda: str(r.randint(1, 28)),
            "month2d": lambda: f"{r.randint(1, 12):02d}", "day2d": lambda: f"{r.randint(1, 28):02d}",
            "n": lambda: str(r.randint(2, 90)), "m": lambda: str(r.randint(1, 60)),
            "k": lambda: str(r.randint(3, 40)), "n3": lambda: str(r.randint(100, 999)),
            "n4": lambda: str(r.randint(1000, 9999)), "cn": lambda: r.choice(CN_DIGITS[:9]),
            "cn5": lambda: "五", "list5": lambda: r.choice(p["list5"]),
            "person": self.person, "post": lambda: r.choice(p["posts"]),
            "quoted": lambda: r.choice(p["quoted"]), "campaign_head": lambda: r.choice(p["campaign_heads"]),
            "numform": lambda: r.choice(p["numforms"]), "company": lambda: r.choice(p["companies"]),
            "grade": lambda: r.choice(p["grades"]),
            "deaths": lambda: str(int(r.choice([1, 2, 3, 5, 7, 9, 10, 12, 29, 30, 35]))),
            "injured": lambda: str(r.randint(0, 120)), "loss": lambda: str(r.randint(50, 20000)),
            "incident": lambda: self.fill(r.choice(p["incidents"])),
            "body": lambda: r.choice([f"{self.lv}应急管理局", f"{self.lv}安委会办公室",
                                      f"{self.lv}政府督查室", f"{self.lv}纪委监委",
                                      f"{self.place['name']}应急管理局", "国务院安委会"]),
            "title": lambda: self.title,
        }
        maker = simple.get(base)
        return maker() if maker else "{" + name + "}"


def _target_length(rng: random.Random, median: int) -> int:
    """Log-normal around ``median`` characters, clipped to 1,000–30,000."""
    return int(min(30_000, max(1_000, rng.lognormvariate(math.log(median), 0.75))))


def _speech_body(f: _Filler, genre: str, target: int) -> list[str]:
    """Opening, numbered sections of body paragraphs, closing: lines of simplified text."""
    p, r = patterns(), f.rng
    openings = {"speech": p["openings_speech"], "notice": p["openings_notice"]}.get(genre, p["openings_report"])
    lines = [f.fill(t) for t in r.sample(openings, k=min(2, len(openings)))]
    size = sum(map(len, lines))
    section = 0
    while size < target:
        if section < 9 and (section == 0 or r.random() < 0.25):
            lines.append(f"{CN_DIGITS[section]}、{f.fill(r.choice(p['headings']))}")
            section += 1
        paragraph = "".join(f.fill(r.choice(p["body"])) for _ in range(r.randint(2, 6)))
        lines.append(paragraph)
        size += len(paragraph)
    lines.append(f.fill(r.choice(p["closings"])))
    return lines


def _article(seed: int, index: int, vocab: dict[str, list[str]], median: int,
             noise: Noise) -> tuple[str, list[str], list[str], list[str]]:
    """Title and lines of article ``index`` (no chrome, no noise), and which noise it carries."""
    rng = random.Random(f"{seed}:{index}")
    place = rng.choice(patterns()["place"])
    f = _Filler(rng, vocab, place, year=rng.randint(2013, 2024))
    genre = rng.choices([g for g, _ in GENRES], weights=[w for _, w in GENRES])[0]
    f.title = f.fill(rng.choice(patterns()[f"titles_{genre}"]))
    target = _target_length(rng, median)
    kinds: list[str] = []
    if genre == "speech" and rng.random() < noise.two_speeches:
        kinds.append("two_speeches")
        lines = [f"{f.title}(一)："] + _speech_body(f, genre, target // 2)
        lines += [f"{f.title}(二)："] + _speech_body(f, genre, target // 2)
    else:
        lines = _speech_body(f, genre, target)
    site = rng.choice(patterns()["site"])
    header = [f.fill(t) for t in site["header"]]
    footer = [f.fill(t) for t in site["footer"]]
    return f.title, lines, header + ["@@"] + footer, kinds


def _spoil(text: str, rng: random.Random, noise: Noise, kinds: list[str]) -> str:
    if rng.random() < noise.punctuation:
        kinds.append("punctuation")
        text = text.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
        garbled = (",,", ",、", ",。", ", ", ",;")
        text = re.sub(r",", lambda m: rng.choice(garbled) if rng.random() < 0.2 else ",", text)
    if rng.random() < noise.traditional:
        kinds.append("traditional")
        text = _s2t().convert(text)
        if rng.random() < noise.gloss:
            kinds.append("gloss")
            text = "".join(ch + f"({GLOSSES[ch]})" if ch in GLOSSES and rng.random() < 0.6 else ch
                           for ch in text)
    return text


def make_file(index: int, *, seed: int = 0, noise: Noise = Noise(), median: int = 4_000,
              vocab: dict[str, list[str]] | None = None) -> SyntheticFile:
    """Synthetic file number ``index``: the same bytes for the same arguments."""
    vocab = vocab or lexicon_vocabulary()
    rng = random.Random(f"{seed}:{index}:noise")
    repost = index > 0 and rng.random() < noise.repost
    source = index - 1 if repost else index
    title, lines, chrome, kinds = _article(seed, source, vocab, median, noise)
    if repost:  # same article, another site's chrome
        kinds.append("repost")
        _, _, chrome, _ = _article(seed, index, vocab, median, noise)
    split = chrome.index("@@")
    header, footer = chrome[:split], chrome[split + 1:]
    out = [title] + lines
    if rng.random() < noise.chrome or repost:
        kinds.append("chrome")
        out = header + [""] + lines + ["", ""] + footer
    if rng.random() < noise.spam:
        kinds.append("spam")
        out = [rng.choice(patterns()["spam"]), ""] + out
    text = _spoil("\n".join(out) + "\n", rng, noise, kinds)
    encoding = "utf-8"
    if rng.random() < noise.gbk:
        kinds.append("gbk")
        encoding = "gbk"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "gb18030"
        data = text.encode(encoding)
    name = f"{index:06d}_{random.Random(f'{seed}:{index}:name').getrandbits(64):016x}.txt"
    return SyntheticFile(name=name, data=data, encoding=encoding, chars=len(text), noise=tuple(kinds))


def generate(n: int, *, seed: int = 0, noise: Noise = Noise(), median: int = 4_000) -> Iterator[SyntheticFile]:
    """Files ``0 … n-1`` of the corpus for ``seed``."""
    vocab = lexicon_vocabulary()
    for index in range(n):
        yield make_file(index, seed=seed, noise=noise, median=median, vocab=vocab)


def write_corpus(directory: Path, n: int, *, seed: int = 0, noise: Noise = Noise(),
                 median: int = 4_000) -> CorpusInfo:
    """Write ``n`` files into ``directory`` (created) and say what was written."""
    directory.mkdir(parents=True, exist_ok=True)
    info = CorpusInfo(directory=directory)
    for f in generate(n, seed=seed, noise=noise, median=median):
        (directory / f.name).write_bytes(f.data)
        info.files += 1
        info.chars += f.chars
        info.bytes += len(f.data)
        for kind in f.noise:
            info.noise[kind] = info.noise.get(kind, 0) + 1
    return info


def ensure_corpus(directory: Path, n: int, *, seed: int = 0,
                  progress: Callable[[str], None] | None = None) -> tuple[list[Path], dict[str, int]]:
    """The first ``n`` files of the corpus for ``seed`` in ``directory``, written as needed.

    File *i* depends only on the seed and *i*, so one directory serves every size: a
    larger run (or a remote run after an embedded one) writes only the files it lacks.
    ``.written.json`` records how many files are complete and the noise of each; returns
    the paths in order and the noise counts over those ``n`` files.
    """
    directory.mkdir(parents=True, exist_ok=True)
    state_path = directory / ".written.json"
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        names, noise = state["names"], state["noise"]
    except (OSError, ValueError, KeyError):
        names, noise = [], []
    if len(names) < n:
        vocab = lexicon_vocabulary()
        last = time.perf_counter()
        for index in range(len(names), n):
            f = make_file(index, seed=seed, vocab=vocab)
            (directory / f.name).write_bytes(f.data)
            names.append(f.name)
            noise.append(list(f.noise))
            if progress and time.perf_counter() - last >= 30:
                last = time.perf_counter()
                progress(f"corpus: {index + 1:,}/{n:,} files written")
            if (index + 1) % 1000 == 0 or index + 1 == n:
                tmp = state_path.with_suffix(".tmp")
                tmp.write_text(json.dumps({"names": names, "noise": noise}), encoding="utf-8")
                tmp.replace(state_path)
    counts: dict[str, int] = {}
    for kinds in noise[:n]:
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
    return [directory / name for name in names[:n]], counts
