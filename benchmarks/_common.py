"""Shared helpers for the benchmarks: corpus building, /proc sampling, machine load.

Nothing here imports spaCy or the pipeline, so the orchestrating process stays small
and does not disturb what it measures.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
CORPUS_DIR = BENCH_DIR / "corpus"
RESULTS_DIR = BENCH_DIR / "results"
SAMPLES_DIR = ROOT / "data" / "samples"
GAZETTEER = ROOT / "models" / "gazetteer" / "entities.jsonl"
CORPUS_VERSION = 1  # bump when the generator changes (the cache key includes it)

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- corpus ---------------------------------------------------------------------------

_SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“A-Z])")


def _samples() -> list[tuple[str, str]]:
    files = sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in (".txt", ".md"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


def samples_fingerprint() -> str:
    h = hashlib.sha256()
    for name, text in _samples():
        h.update(name.encode())
        h.update(text.encode())
    h.update(GAZETTEER.read_bytes())
    return h.hexdigest()[:12]


def _units(text: str) -> list[str]:
    """A sample split into units that can be moved around: a paragraph/heading line, or a
    whole run of list lines, or a whole table (so tables and lists stay well-formed)."""
    lines = text.replace("\r\n", "\n").split("\n")
    units: list[str] = []
    group: list[str] = []
    kind = None

    def flush():
        nonlocal group, kind
        if group:
            units.append("\n".join(group))
        group, kind = [], None

    for line in lines:
        s = line.strip()
        if not s:
            flush()
            continue
        k = "table" if s.startswith("|") else "list" if re.match(r"^([-*•]|\d{1,2}[.)])\s", s) else "line"
        if k == "line" or k != kind:
            flush()
        group.append(line)
        kind = k
        if k == "line":
            flush()
    flush()
    return units


def _is_prose(unit: str) -> bool:
    return not unit.lstrip().startswith(("|", "#", "-", "*", "•")) and len(unit.split()) >= 25


def _people() -> list[tuple[str, str]]:
    """(full name, surname) of the gazetteer's people with one unambiguous surname."""
    people = []
    with open(GAZETTEER, encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            if entry["label"] != "PERSON" or entry.get("ambiguous_surname") or len(entry.get("surnames") or []) != 1:
                continue
            full, surname = entry["canonical"], entry["surnames"][0]
            if full.endswith(surname) and " " in full:
                people.append((full, surname))
    return people


def _swap_names(text: str, people: list[tuple[str, str]], rng: random.Random) -> tuple[str, int]:
    """Replace ~60% of the gazetteer people mentioned in ``text`` (full name and bare
    surname) by other gazetteer people, consistently within the document."""
    present = [(f, s) for f, s in people if s in text]
    mapping: dict[str, str] = {}
    taken = {f for f, _ in present}
    for full, surname in present:
        if rng.random() < 0.6:
            choices = [p for p in people if p[0] not in taken]
            if not choices:
                break
            new_full, new_surname = rng.choice(choices)
            taken.add(new_full)
            mapping[full] = new_full
            mapping[surname] = new_surname
    if not mapping:
        return text, 0
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b")
    return pattern.subn(lambda m: mapping[m.group(1)], text)


def _shuffle_sentences(unit: str, rng: random.Random) -> str:
    sentences = _SENTENCE_SPLIT.split(unit)
    if len(sentences) < 3:
        return unit
    head, rest = sentences[0], sentences[1:]
    rng.shuffle(rest)
    return " ".join([head] + rest)


def make_article(index: int, samples: list[tuple[str, list[str]]], people, seed: int) -> dict:
    """One variant article of 500-1,000 words (see benchmarks/README.md)."""
    rng = random.Random(seed * 1_000_003 + index)
    name, units = samples[index % len(samples)]
    sep = "\n\n" if name.endswith(".md") else "\n"
    target = rng.randint(500, 1000)
    body = list(units)
    # sentence-shuffle about half of the prose paragraphs (never the lead paragraph)
    body = [body[0]] + [_shuffle_sentences(u, rng) if _is_prose(u) and rng.random() < 0.5 else u for u in body[1:]]
    words = sum(len(u.split()) for u in body)
    # borrow prose paragraphs from other articles until the target length is reached ...
    borrowed = set()
    while words < target:
        other_name, other_units = samples[rng.randrange(len(samples))]
        prose = [u for u in other_units if _is_prose(u)]
        if other_name == name or not prose:
            continue
        unit = rng.choice(prose)
        if unit in borrowed:
            continue
        borrowed.add(unit)
        body.insert(rng.randint(1, len(body)), _shuffle_sentences(unit, rng))
        words += len(unit.split())
    # ... or drop prose paragraphs (not the first two units) when above 1,000 words
    while words > 1000:
        droppable = [i for i, u in enumerate(body) if i > 1 and _is_prose(u)]
        if not droppable:
            break
        i = rng.choice(droppable)
        words -= len(body[i].split())
        del body[i]
    text, _ = _swap_names(sep.join(body) + "\n", people, rng)
    return {"id": f"bench-{index:06d}", "text": text, "base": name}


def build_corpus(min_words: int, seed: int = 0, force: bool = False, log=print) -> tuple[Path, dict]:
    """The cached corpus of at least ``min_words`` words (whitespace-split, raw text)."""
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    key = f"v{CORPUS_VERSION}-{samples_fingerprint()}-s{seed}"
    path = CORPUS_DIR / f"articles-{min_words}w-{key}.jsonl.gz"
    meta_path = path.with_name(path.name[: -len(".jsonl.gz")] + ".meta.json")
    if path.exists() and meta_path.exists() and not force:
        return path, json.loads(meta_path.read_text())
    started = time.perf_counter()
    samples = [(n, _units(t)) for n, t in _samples()]
    people = _people()
    words = docs = 0
    lengths = []
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as out:
        while words < min_words:
            article = make_article(docs, samples, people, seed)
            n = len(article["text"].split())
            out.write(json.dumps({"id": article["id"], "text": article["text"]}, ensure_ascii=False) + "\n")
            words += n
            docs += 1
            lengths.append(n)
    tmp.rename(path)
    lengths.sort()
    meta = {"path": str(path.relative_to(ROOT)), "documents": docs, "words": words, "seed": seed,
            "version": CORPUS_VERSION, "samples_fingerprint": samples_fingerprint(),
            "words_per_doc": {"min": lengths[0], "median": lengths[len(lengths) // 2], "max": lengths[-1]},
            "bytes_gz": path.stat().st_size, "build_seconds": round(time.perf_counter() - started, 1)}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"built {path.relative_to(ROOT)}: {docs} documents, {words} words")
    return path, meta


def corpus_texts(corpus: Path) -> list[str]:
    """The ``text`` field of every record of a corpus built by :func:`build_corpus`."""
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def sample_sentences() -> list[str]:
    """Every prose sentence of the bundled samples (for the short-document corpus)."""
    sentences = []
    for _, text in _samples():
        for unit in _units(text):
            if _is_prose(unit):
                sentences.extend(s for s in _SENTENCE_SPLIT.split(unit) if 5 <= len(s.split()) <= 45)
    return sentences


# --- /proc sampling -------------------------------------------------------------------


def _read_status(pid: int) -> dict[str, int] | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            out = {}
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line[:5]] = int(line.split()[1])  # kB
            return out
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def _read_pss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (scans /proc/*/stat for parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


@dataclass
class TreeSampler:
    """Samples the RSS of a process tree from /proc in a background thread.

    Records, per pid, the largest VmHWM seen (peak RSS of that process), and over time
    the largest sum of VmRSS and of Pss (proportional: shared copy-on-write pages of
    forked workers are counted once) across the tree at one instant.
    """

    root: int
    interval: float = 0.5
    pss_every: int = 2  # read smaps_rollup every N samples (costs more than status)
    hwm: dict[int, int] = field(default_factory=dict)
    peak_rss_sum_kb: int = 0
    peak_pss_sum_kb: int = 0
    peak_processes: int = 0
    timeline: list[dict] = field(default_factory=list)
    keep_timeline: bool = False
    on_sample: object = None

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()

    def sample(self, n: int) -> dict:
        pids = process_tree(self.root)
        rss_sum = pss_sum = 0
        largest = 0
        alive = 0
        for pid in pids:
            st = _read_status(pid)
            if not st or "VmRSS" not in st:
                continue
            alive += 1
            rss_sum += st["VmRSS"]
            largest = max(largest, st["VmRSS"])
            self.hwm[pid] = max(self.hwm.get(pid, 0), st.get("VmHWM", 0))
            if n % self.pss_every == 0:
                pss_sum += _read_pss(pid) or 0
        self.peak_rss_sum_kb = max(self.peak_rss_sum_kb, rss_sum)
        if n % self.pss_every == 0:
            self.peak_pss_sum_kb = max(self.peak_pss_sum_kb, pss_sum)
        self.peak_processes = max(self.peak_processes, alive)
        point = {"t": time.time(), "processes": alive, "rss_sum_kb": rss_sum, "rss_largest_kb": largest,
                 "pss_sum_kb": pss_sum if n % self.pss_every == 0 else None}
        return point

    def _run(self):
        n = 0
        while not self._stop.is_set():
            point = self.sample(n)
            if self.keep_timeline:
                self.timeline.append(point)
            if self.on_sample:
                self.on_sample(point)
            n += 1
            self._stop.wait(self.interval)

    def summary(self) -> dict:
        hwms = sorted(self.hwm.values(), reverse=True)
        return {
            "largest_process_peak_mb": round(hwms[0] / 1024, 1) if hwms else None,
            "sum_of_process_peaks_mb": round(sum(hwms) / 1024, 1) if hwms else None,
            "peak_rss_sum_mb": round(self.peak_rss_sum_kb / 1024, 1),
            "peak_pss_sum_mb": round(self.peak_pss_sum_kb / 1024, 1),
            "processes": self.peak_processes,
            "per_process_peaks_mb": [round(h / 1024, 1) for h in hwms],
        }


# --- machine load ---------------------------------------------------------------------


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])
    return total - idle, total


def loadavg() -> list[float]:
    with open("/proc/loadavg") as handle:
        return [float(x) for x in handle.read().split()[:3]]


def code_fingerprint() -> dict:
    """Which code was measured: git HEAD, dirty files, and a hash of pipeline/, configs/, models/."""
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=20).stdout.rstrip("\n")
        except Exception:
            return ""

    h = hashlib.sha256()
    for base in ("pipeline", "configs", "models"):
        for p in sorted((ROOT / base).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode())
                h.update(p.read_bytes())
    return {"head": git("rev-parse", "--short", "HEAD").strip(),
            "dirty": [line[3:] for line in git("status", "--porcelain").splitlines()],
            "code_hash": h.hexdigest()[:12]}


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@dataclass
class ChildRun:
    """A benchmark child process's result JSON plus what the parent measured around it."""

    result: dict
    lifetime: float  # seconds from start to exit, model load included
    busy_fraction: float | None  # share of all cores busy meanwhile (this child and everything else)
    memory: dict  # TreeSampler.summary()


def run_child(script: str, config: str, corpus: Path, timeout: float | None = None) -> ChildRun:
    """Run ``script --child CONFIG --corpus CORPUS --result FILE`` in a fresh process (so
    memory peaks do not mix), sampling its process tree, and read back its result."""
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_path = Path(handle.name)
    busy0, total0 = cpu_jiffies()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, script, "--child", config, "--corpus", str(corpus),
                             "--result", str(result_path)], cwd=ROOT)
    sampler = TreeSampler(proc.pid, interval=0.5).start()
    rc = proc.wait(timeout=timeout)
    sampler.stop()
    lifetime = time.perf_counter() - started
    busy1, total1 = cpu_jiffies()
    if rc != 0:
        raise SystemExit(f"{config}: child exited with {rc}")
    result = json.loads(result_path.read_text())
    result_path.unlink()
    busy = (busy1 - busy0) / (total1 - total0) if total1 > total0 else None
    return ChildRun(result, lifetime, busy, sampler.summary())

