"""Self-hosted episode audio: probe, measure, level, encode and tag (``pipeline audio``).

The stages, each in its own module:

- :mod:`probe` finds ffmpeg/ffprobe (the tools pydub uses) and checks a file before any work;
- :mod:`ffmpeg` runs ffmpeg with its progress on a pipe and decides when a decode failed;
- :mod:`stream` decodes to float PCM in chunks, so memory stays flat however long the episode;
- :mod:`meter` measures integrated loudness and true peak (ITU-R BS.1770-4) with ffmpeg's
  ebur128 filter, from a file or from our own PCM;
- :mod:`truepeak` computes the 4x oversampled peak envelope the limiter works from;
- :mod:`level` applies gain and a look-ahead true-peak limiter, streaming;
- :mod:`export` encodes CBR MP3 (from a file with a plain gain, or from the limiter's PCM)
  into a temporary file that is renamed only on success;
- :mod:`tags` writes ID3v2 tags with mutagen, chapters included (CHAP/CTOC);
- :mod:`chapters` suggests chapter boundaries from long silences (pydub.silence);
- :mod:`cache` names the produced file by the input's content hash and the settings;
- :mod:`process` runs one episode through all of it, reporting progress per pass;
- :mod:`worker` runs a job in a pool process and sends its progress back through a queue;
- :mod:`jobs` chooses the episodes, builds their jobs, runs them and collects problems;
- :mod:`progress` shows progress within each file (terminal line or log lines);
- :mod:`report` words the outcome: a line per episode, the ``--report`` table, chapters.
"""
