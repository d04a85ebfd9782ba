"""Small copies of the show's own artwork for the pages.

Feed artwork is 1400-3000 px (Apple's rule); a page shows it at 48-240 CSS pixels. Sending
the full image to every visitor costs a phone most of a second, so local artwork (a file in
the show folder) gets WebP copies at the sizes the pages use, made here with Pillow. Artwork
given as a URL is shown as it is: the build reads nothing from the network for the site.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.paths import asset_path, published_name
from pipeline.render import Output
from pipeline.render.links import Linker

SIZES = (160, 320, 480)  # CSS widths the pages use: cards (1x, 2x) and the episode header 2x
# Larger images get no copies (the page shows the file itself): a small PNG of zeros can
# claim 12,000 x 12,000 pixels, and decoding it took 430 MB per copy. 40 megapixels is
# four times Apple's largest artwork and more than a 16:9 banner at 8K.
PIXELS_MAX = 40_000_000


@dataclass(frozen=True)
class Picture:
    """An ``<img>``'s ``src`` and ``srcset`` (empty for artwork given as a URL)."""

    src: str
    srcset: str = ""


def thumb_path(image: str, size: int) -> str:
    """``static/artwork.png`` at 160 px -> ``media/artwork-png-160.webp`` (the suffix stays in
    the name: ``art.png`` and ``art.jpg`` are two images)."""
    name = published_name(image).replace(".", "-")
    return f"media/{name}-{size}.webp"


def thumbnails(root: Path, images: Iterable[str]) -> Output:
    """WebP copies of every local image at each of SIZES (never larger than the original)."""
    out: Output = {}
    for image in sorted(set(images)):
        if "://" in image:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(root / image) as opened:
                    if opened.width * opened.height > PIXELS_MAX:
                        continue  # `pipeline check` reports artwork of that size
                    original = opened.convert("RGB")
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
            continue  # the loader and `pipeline check` report unreadable artwork
        for size in SIZES:
            copy = original.copy()
            copy.thumbnail((size, size), Image.Resampling.LANCZOS)
            data = io.BytesIO()
            copy.save(data, "WEBP", quality=80, method=6)
            out[thumb_path(image, size)] = data.getvalue()
    return out


def picture(image: str, link: Linker, size: int, available: frozenset[str]) -> Picture:
    """The ``src``/``srcset`` for ``image`` shown ``size`` CSS pixels wide.

    ``available``: the files of the build, so a copy that could not be made falls back to
    the original file.
    """
    if "://" in image:
        return Picture(image)
    double = min((s for s in SIZES if s >= 2 * size), default=SIZES[-1])
    single = min((s for s in SIZES if s >= size), default=SIZES[-1])
    if thumb_path(image, single) not in available:
        return Picture(link(asset_path(image)))
    srcset = f"{link(thumb_path(image, single))} 1x"
    if double != single and thumb_path(image, double) in available:
        srcset += f", {link(thumb_path(image, double))} 2x"
    return Picture(link(thumb_path(image, single)), srcset)
