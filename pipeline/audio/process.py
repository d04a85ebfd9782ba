"""One episode's audio, start to finish: check, measure, level, encode, tag, verify.

Runs in a worker process (``pipeline audio`` starts one per core), so everything it takes
and returns is plain picklable data. Passes over the audio, each streaming in chunks:

1. measure the input (loudness, true peak);
2. only when the limiter will work: level without encoding and measure again, correcting
   the gain for the loudness the limiter takes away (at most twice);
3. level and encode into a temporary file, tag it;
4. decode the produced MP3 and measure it; if the encoder pushed a true peak over the
   ceiling, or its low-pass moved the loudness off target by more than 0.3 LU (noise-like
   material), encode again with the limiter lowered or the gain corrected. Then rename.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.audio.cache import Facts, cache_key, file_hash, load_facts, paths, save_facts
from pipeline.audio.export import Mp3Encoder
from pipeline.audio.level import Leveler, gain_for
from pipeline.audio.loudness import Block, Loudness, measure
from pipeline.audio.probe import BadAudio, Probe, Tools, check_file, find_tools, probe
from pipeline.audio.stream import decode
from pipeline.audio.tags import TagSet, write_tags
from pipeline.errors import AudioError
from pipeline.settings import AudioSettings
from pipeline.write import atomic_path

MP3_RATES = (32000, 44100, 48000)
LOUDNESS_TOLERANCE = 0.3  # LU: close enough to the target to stop correcting
ATTEMPTS = 4  # encodes at most, when the produced file misses the target or the ceiling
SILENT = -70.0  # LUFS: the absolute gate; nothing to level


@dataclass(frozen=True)
class Job:
    slug: str
    source: Path  # the input file, absolute
    root: Path  # the show folder (the cache lives under it)
    settings: AudioSettings
    tags: TagSet
    report_only: bool = False


@dataclass(frozen=True)
class Result:
    slug: str
    status: str  # "processed", "retagged", "unchanged" or "measured" (--report)
    facts: Facts
    output: Path | None = None


def run_job(job: Job) -> Result:
    """Process (or with ``report_only`` just measure) one episode; raises AudioError."""
    check_file(job.source)
    key = cache_key(file_hash(job.source), job.settings)
    mp3, meta = paths(job.root, key)
    facts = load_facts(meta)
    if facts is not None and mp3.is_file() and mp3.stat().st_size == facts.size:
        digest = job.tags.digest()
        if job.report_only or facts.tags_digest == digest:
            return Result(job.slug, "unchanged", facts, mp3)
        with atomic_path(mp3) as tmp:
            shutil.copyfile(mp3, tmp)
            write_tags(tmp, job.tags, round(facts.duration * 1000))
            size = tmp.stat().st_size
        facts = replace(facts, size=size, tags_digest=digest)
        save_facts(meta, facts)
        return Result(job.slug, "retagged", facts, mp3)
    tools = find_tools()
    info = probe(job.source, tools)
    rate, channels = output_format(info)
    before = measure(_decode(job.source, tools, info, rate, channels), rate, channels)
    if before.integrated < SILENT:
        raise BadAudio("silent (no audio above -70 LUFS to level)")
    stereo = channels == 2
    target = job.settings.target_lufs_stereo if stereo else job.settings.target_lufs_mono
    bitrate = job.settings.bitrate_stereo if stereo else job.settings.bitrate_mono
    ceiling = job.settings.true_peak_ceiling
    threshold = ceiling - job.settings.limiter_headroom
    gain = gain_for(target, before.integrated)
    if before.true_peak + gain > threshold:
        for _ in range(2):
            leveled = _level_measure(job, tools, info, rate, channels, gain, threshold)
            if abs(target - leveled.integrated) <= LOUDNESS_TOLERANCE:
                break
            gain += target - leveled.integrated
    if job.report_only:
        after = _level_measure(job, tools, info, rate, channels, gain, threshold)
        kbps = int(bitrate.rstrip("kK")) * 1000 if bitrate[:-1].isdigit() else 128000
        return Result(
            job.slug,
            "measured",
            _facts(info, before, gain, after, bitrate, after.duration,
                   round(after.duration * kbps / 8), estimated=True),
        )  # fmt: skip
    digest = job.tags.digest()
    with atomic_path(mp3) as tmp:
        for _attempt in range(ATTEMPTS):
            limited = _encode(job, tools, info, rate, channels, gain, threshold, bitrate, tmp)
            after = measure(decode(tmp, tools, rate, channels), rate, channels)
            peak_ok = after.true_peak <= ceiling
            loud_ok = abs(after.integrated - target) <= LOUDNESS_TOLERANCE
            if peak_ok and loud_ok:
                break
            if not peak_ok:
                threshold -= after.true_peak - ceiling + 0.1
            if not loud_ok:  # the encoder's low-pass took some loudness away (or added)
                gain += target - after.integrated
        if not peak_ok:
            raise AudioError(f"true peak stays at {after.true_peak:.1f} dBTP, over the ceiling")
        duration = after.duration  # decoded length; ffmpeg drops the encoder's padding
        write_tags(tmp, job.tags, round(duration * 1000))
        size = tmp.stat().st_size
    facts = _facts(info, before, gain, after, bitrate, duration, size, limited / rate, digest)
    save_facts(meta, facts)
    return Result(job.slug, "processed", facts, mp3)


def output_format(info: Probe) -> tuple[int, int]:
    """MP3 sample rate and channel count: stereo stays stereo (more channels mix down)."""
    rate = info.sample_rate if info.sample_rate in MP3_RATES else 44100
    if info.sample_rate > 48000:
        rate = 48000
    return rate, 1 if info.channels == 1 else 2


def _decode(source: Path, tools: Tools, info: Probe, rate: int, channels: int) -> Iterator[Block]:
    return decode(source, tools, rate, channels, expect=info.duration)


def _leveled(chunks: Iterable[Block], leveler: Leveler) -> Iterator[Block]:
    for chunk in chunks:
        yield leveler.feed(chunk)
    yield leveler.flush()


def _level_measure(
    job: Job, tools: Tools, info: Probe, rate: int, channels: int, gain: float, threshold: float
) -> Loudness:
    leveler = Leveler(rate, channels, gain, threshold)
    chunks = _decode(job.source, tools, info, rate, channels)
    return measure(_leveled(chunks, leveler), rate, channels)


def _encode(
    job: Job,
    tools: Tools,
    info: Probe,
    rate: int,
    channels: int,
    gain: float,
    threshold: float,
    bitrate: str,
    out: Path,
) -> int:
    """Level and encode into ``out``; returns how many frames the limiter touched."""
    leveler = Leveler(rate, channels, gain, threshold)
    with Mp3Encoder(tools, out, rate, channels, bitrate) as encoder:
        for chunk in _leveled(_decode(job.source, tools, info, rate, channels), leveler):
            encoder.write(chunk)
    return leveler.limited_frames


def _facts(
    info: Probe,
    before: Loudness,
    gain: float,
    after: Loudness,
    bitrate: str,
    duration: float,
    size: int,
    limited_seconds: float = 0.0,
    digest: str = "",
    estimated: bool = False,
) -> Facts:
    return Facts(
        input_format=info.format_name.split(",")[0],
        sample_rate=info.sample_rate,
        channels=info.channels,
        input_duration=before.duration,
        before_lufs=round(before.integrated, 2),
        before_true_peak=round(before.true_peak, 2),
        gain_db=round(gain, 2),
        after_lufs=round(after.integrated, 2),
        after_true_peak=round(after.true_peak, 2),
        bitrate=bitrate,
        duration=round(duration, 3),
        size=size,
        limited_seconds=round(limited_seconds, 2),
        tags_digest=digest,
        estimated=estimated,
    )
