"""One episode's audio, start to finish: check, measure, level, encode, tag, verify.

Runs in a worker process (``pipeline audio`` starts one per core), so everything it takes
and returns is plain picklable data. Passes over the audio, each streaming:

1. measure the input with ffmpeg's ebur128 (loudness, true peak);
2. encode: when the gain alone keeps true peaks under the limiter's threshold, ffmpeg reads
   the input, applies the gain and encodes, and no sample passes through Python; otherwise
   the input is decoded, goes through our look-ahead true-peak limiter and is piped into the
   encoder;
3. measure the produced MP3; if the encoder pushed a true peak over the ceiling, or the
   limiter or the encoder's low-pass moved the loudness off target by more than 0.3 LU,
   encode again with the threshold lowered or the gain corrected. Then tag and rename.

``progress(stage, seconds, total)`` is called during every pass with how far it has got.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.audio.cache import save_facts
from pipeline.audio.export import encode_file, encode_pcm, take_excerpt
from pipeline.audio.ffmpeg import Block, OnSeconds
from pipeline.audio.level import Leveler, gain_for, leveled
from pipeline.audio.meter import Loudness, measure_file, measure_pcm
from pipeline.audio.probe import BadAudio, Probe, Tools, check_file, find_tools, probe
from pipeline.audio.stream import decode
from pipeline.audio.tags import TagSet, write_tags
from pipeline.enrich.produced import Facts, cache_key, file_hash, load_facts, paths
from pipeline.errors import AudioError
from pipeline.settings import AudioSettings
from pipeline.write import atomic_path

MP3_RATES = (32000, 44100, 48000)
LOUDNESS_TOLERANCE = 0.3  # LU: close enough to the target to stop correcting
ATTEMPTS = 4  # encodes at most, when the produced file misses the target or the ceiling
TRIALS = 3  # --report: levelled measurements at most, correcting for what the limiter takes
SILENT = -70.0  # LUFS: the absolute gate; nothing to level
MEASURING = "measuring"
ENCODING = "levelling and encoding"
CHECKING = "checking the MP3"
TRIAL = "measuring the levelled audio"
EXCERPT = "trying an excerpt"
TRIAL_MIN = 120.0  # seconds: shorter files are encoded whole at once, without a trial
EXCERPT_SECOND = 1.0  # seconds taken ...
EXCERPT_EVERY = 20.0  # ... in every this many seconds at least
EXCERPT_MAX = 120.0  # seconds of excerpt at most

Progress = Callable[[str, float, float], None]  # (stage, seconds done, seconds in all)


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
    alternates: tuple[Path, ...] = ()  # other encodings made beside it ([audio] alternates)


@dataclass
class _Audio:
    """The input as the passes see it, with the progress callback."""

    source: Path
    tools: Tools
    info: Probe
    rate: int
    channels: int
    progress: Progress

    def stage(self, name: str) -> OnSeconds:
        total = self.info.duration
        self.progress(name, 0.0, total)
        return lambda seconds: self.progress(name, min(seconds, total), total)

    def chunks(self, name: str) -> Iterator[Block]:
        """The decoded input, reporting progress as it goes."""
        on_seconds = self.stage(name)
        frames = 0
        for chunk in decode(self.source, self.tools, self.rate, self.channels,
                            expect=self.info.duration):  # fmt: skip
            yield chunk
            frames += len(chunk)
            on_seconds(frames / self.rate)

    def limited(self, name: str, gain: float, threshold: float) -> tuple[Iterator[Block], Leveler]:
        leveler = Leveler(self.rate, self.channels, gain, threshold)
        return leveled(self.chunks(name), leveler), leveler


def _silent(stage: str, seconds: float, total: float) -> None:
    pass


def run_job(job: Job, progress: Progress = _silent) -> Result:
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
    audio = _Audio(job.source, tools, info, *output_format(info), progress)
    rate, channels = audio.rate, audio.channels
    before = measure_file(job.source, tools, rate, channels, expect=info.duration,
                          on_seconds=audio.stage(MEASURING))  # fmt: skip
    if before.integrated <= SILENT:
        raise BadAudio("silent (no audio above -70 LUFS to level)")
    stereo = channels == 2
    target = job.settings.target_lufs_stereo if stereo else job.settings.target_lufs_mono
    bitrate = job.settings.bitrate_stereo if stereo else job.settings.bitrate_mono
    ceiling = job.settings.true_peak_ceiling
    threshold = ceiling - job.settings.limiter_headroom
    gain = gain_for(target, before.integrated)
    if job.report_only:
        gain, after = _rehearse(audio, before, gain, threshold, target)
        kbps = int(bitrate.rstrip("kK")) * 1000 if bitrate[:-1].isdigit() else 128000
        return Result(
            job.slug,
            "measured",
            _facts(info, before, gain, after, bitrate, after.duration,
                   round(after.duration * kbps / 8), estimated=True),
        )  # fmt: skip
    digest = job.tags.digest()
    plan = _Plan(gain, threshold)
    with atomic_path(mp3) as tmp:
        if info.duration >= TRIAL_MIN:
            _trial(audio, plan, before, bitrate, ceiling, tmp.parent)
        for attempt in range(ATTEMPTS):
            name = ENCODING if not attempt else f"{ENCODING} (attempt {attempt + 1})"
            limited = _encode(audio, name, plan, before, bitrate, tmp)
            after = measure_file(tmp, tools, rate, channels, on_seconds=audio.stage(CHECKING))
            if plan.adjust(before.true_peak, after, target, ceiling):
                break
        if after.true_peak > ceiling:
            raise AudioError(f"true peak stays at {after.true_peak:.1f} dBTP, over the ceiling")
        duration = after.duration  # decoded length; ffmpeg drops the encoder's padding
        write_tags(tmp, job.tags, round(duration * 1000))
        size = tmp.stat().st_size
    facts = _facts(info, before, plan.gain, after, bitrate, duration, size, limited / rate, digest)
    save_facts(meta, facts)
    return Result(job.slug, "processed", facts, mp3)


@dataclass
class _Plan:
    """The gain and the limiter's threshold, corrected by what each encode turned out."""

    gain: float
    threshold: float
    limit: bool = False  # once limited, always: a later, lower threshold needs the limiter

    def limiter(self, peak_in: float) -> float | None:
        """The threshold when the limiter has work at this gain (``peak_in``: the input's
        true peak), else None: the gain alone keeps peaks under it."""
        self.limit = self.limit or peak_in + self.gain > self.threshold
        return self.threshold if self.limit else None

    def adjust(
        self, peak_in: float, out: Loudness, expected: float, ceiling: float, exact: bool = False
    ) -> bool:
        """Whether ``out`` (an encode's measurement) is on ``expected`` LUFS and under the
        ceiling; if not, correct for next time. ``exact``: correct even small misses."""
        peak_ok = out.true_peak <= ceiling
        loud_ok = abs(out.integrated - expected) <= LOUDNESS_TOLERANCE
        if not peak_ok:  # the encoder overshot: limit lower by as much, and a bit more
            went_in = min(self.threshold, peak_in + self.gain)
            self.threshold = went_in - (out.true_peak - ceiling + 0.1)
            self.limit = True
        if exact or not loud_ok:  # the limiter or the encoder took some loudness away
            self.gain += expected - out.integrated
        return peak_ok and loud_ok


def _trial(
    audio: _Audio, plan: _Plan, before: Loudness, bitrate: str, ceiling: float, folder: Path
) -> None:
    """Level and encode an excerpt (a second in every 20 or more, 2 minutes at most), and
    correct the plan by what the limiter and the encoder did to it: the encoder's low-pass
    and psychoacoustics take 0.3-0.8 LU from typical material, which would otherwise cost
    a second encode of the whole file."""
    every = max(EXCERPT_EVERY, audio.info.duration * EXCERPT_SECOND / EXCERPT_MAX)
    with tempfile.TemporaryDirectory(prefix=".trial-", dir=folder) as name:
        excerpt, mp3 = Path(name) / "excerpt.wav", Path(name) / "trial.mp3"
        take_excerpt(audio.source, audio.tools, excerpt, rate=audio.rate,
                     channels=audio.channels, every=every, length=EXCERPT_SECOND,
                     on_seconds=audio.stage(EXCERPT))  # fmt: skip
        quiet = _Audio(excerpt, audio.tools, probe(excerpt, audio.tools), audio.rate,
                       audio.channels, _silent)  # fmt: skip
        sample = measure_file(excerpt, audio.tools, audio.rate, audio.channels)
        if sample.integrated <= SILENT:
            return  # nothing to learn from
        _encode(quiet, EXCERPT, plan, before, bitrate, mp3)
        out = measure_file(mp3, audio.tools, audio.rate, audio.channels)
        plan.adjust(sample.true_peak, out, sample.integrated + plan.gain, ceiling, exact=True)


def output_format(info: Probe) -> tuple[int, int]:
    """MP3 sample rate and channel count: stereo stays stereo (more channels mix down)."""
    rate = info.sample_rate if info.sample_rate in MP3_RATES else 44100
    if info.sample_rate > 48000:
        rate = 48000
    return rate, 1 if info.channels == 1 else 2


def _encode(
    audio: _Audio, name: str, plan: _Plan, before: Loudness, bitrate: str, out: Path
) -> int:
    """Level and encode into ``out``, through the limiter when the plan needs it; returns
    how many frames the limiter touched."""
    threshold = plan.limiter(before.true_peak)
    if threshold is None:
        encode_file(audio.source, audio.tools, out, rate=audio.rate, channels=audio.channels,
                    bitrate=bitrate, gain_db=plan.gain, on_seconds=audio.stage(name))  # fmt: skip
        return 0
    chunks, leveler = audio.limited(name, plan.gain, threshold)
    encode_pcm(chunks, audio.tools, out, rate=audio.rate, channels=audio.channels,
               bitrate=bitrate)  # fmt: skip
    return leveler.limited_frames


def _rehearse(
    audio: _Audio, before: Loudness, gain: float, threshold: float, target: float
) -> tuple[float, Loudness]:
    """--report: the gain and what the levelled (not encoded) audio would measure. With the
    limiter, the gain is corrected for the loudness it takes away (at most twice)."""
    for trial in range(TRIALS):
        if before.true_peak + gain <= threshold:  # gain alone: ffmpeg applies and measures
            return gain, measure_file(audio.source, audio.tools, audio.rate, audio.channels,
                                      gain_db=gain, on_seconds=audio.stage(TRIAL))  # fmt: skip
        chunks, _ = audio.limited(TRIAL, gain, threshold)
        after = measure_pcm(chunks, audio.tools, audio.rate, audio.channels)
        if abs(target - after.integrated) <= LOUDNESS_TOLERANCE or trial == TRIALS - 1:
            break
        gain += target - after.integrated
    return gain, after


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
