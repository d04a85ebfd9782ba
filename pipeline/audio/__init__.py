"""Self-hosted episode audio: probe, measure, level, encode and tag (``pipeline audio``).

The stages, each in its own module:

- :mod:`probe` finds ffmpeg/ffprobe (the tools pydub uses) and checks a file before any work;
- :mod:`stream` decodes to float PCM in chunks, so memory stays flat however long the episode;
- :mod:`loudness` measures integrated loudness (ITU-R BS.1770-4 K-weighting and gating, with
  pyloudnorm's filters) and true peak (4x oversampled), both streaming;
- :mod:`level` applies gain and a look-ahead true-peak limiter, streaming;
- :mod:`export` encodes CBR MP3 into a temporary file that is renamed only on success;
- :mod:`tags` writes ID3v2 tags with mutagen, chapters included (CHAP/CTOC);
- :mod:`chapters` suggests chapter boundaries from long silences (pydub.silence);
- :mod:`cache` names the produced file by the input's content hash and the settings;
- :mod:`process` runs one episode through all of it (in a worker process).
"""
