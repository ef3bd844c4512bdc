"""An image's responsive variants: checked, turned upright, stripped of metadata, resized, as WebP.

Only raster formats a browser shows are taken (JPEG, PNG, WebP, GIF's first frame).  A file is read
only after its header says it is one of them and no larger than MAX_PIXELS, so a small file that
unpacks to a huge picture (a "pixel bomb") is refused before it is decoded.  The same bytes give
the same variants, byte for byte: resizing and encoding are deterministic and no metadata (EXIF,
XMP, ICC profile, dates) is written.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024        # an image file larger than this is refused
MAX_PIXELS = 40_000_000             # width × height: 8000 × 5000 and the like
WIDTHS = (480, 960, 1600)           # the widths a browser chooses from (srcset)
DEFAULT_WIDTH = 960                 # the variant in src, for browsers that ignore srcset
QUALITY = 80
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Part of every variant's name: a change to how variants are made gives them new names.
RECIPE = f"webp-q{QUALITY}-m4-{'-'.join(map(str, WIDTHS))}"


class ImageError(Exception):
    """The bytes are not an image the site shows; the message says why, for a warning."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Variants:
    digest: str                     # of the source bytes and RECIPE: names the variants' files
    width: int                      # the source's, upright
    height: int
    variants: tuple[Variant, ...]   # narrowest first


def source_digest(data: bytes) -> str:
    return hashlib.sha256(RECIPE.encode() + b"\0" + data).hexdigest()[:12]


def image_format(data: bytes) -> str:
    """The file-name extension of the image in *data* ("jpg", "png", …); ImageError when it is not
    one of FORMATS, or too large (MAX_BYTES, MAX_PIXELS).  Reads the header only."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise ImageError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)    # MAX_PIXELS decides
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError("the file is not an image (JPEG, PNG, WebP or GIF)") from exc
    except Image.DecompressionBombError as exc:
        raise ImageError("the image has too many pixels") from exc
    if kind not in FORMATS:
        raise ImageError(f"a {kind} image: only JPEG, PNG, WebP and GIF are used")
    if width * height > MAX_PIXELS or not width or not height:
        raise ImageError(f"the image is {width} × {height} pixels: more than {MAX_PIXELS:,} in all")
    return FORMATS[kind]


def widths_for(width: int) -> tuple[int, ...]:
    """The variants' widths for a source *width* px wide: each of WIDTHS narrower than it, and the
    source's own width up to the widest (never enlarged)."""
    return tuple(sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])}))


def make_variants(data: bytes) -> Variants:
    """The variants of the image in *data* (see the module's docstring); ImageError when it is not
    an image the site shows."""
    from PIL import Image

    image_format(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                upright = _upright(opened)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"the image cannot be read ({exc})") from exc
    width, height = upright.size
    variants = []
    for w in widths_for(width):
        h = max(1, round(height * w / width))
        resized = upright if w == width else upright.resize((w, h), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        resized.save(buffer, "WEBP", quality=QUALITY, method=4)     # no exif, icc_profile or xmp given
        variants.append(Variant(w, h, buffer.getvalue()))
    return Variants(source_digest(data), width, height, tuple(variants))


def _upright(opened):
    """The first frame of *opened*, turned as its EXIF orientation says, in sRGB, as RGB or RGBA."""
    from PIL import ImageOps

    opened.seek(0)                                  # a GIF's or an animated WebP's first frame
    image = ImageOps.exif_transpose(opened)
    profile = image.info.get("icc_profile")
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if alpha else "RGB")
    return _to_srgb(image, profile) if profile else image


def _to_srgb(image, profile: bytes):
    """*image* (RGB or RGBA) converted from the colour *profile* it carried to sRGB; as it is when
    the profile cannot be read."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                              outputMode=image.mode)
    except (OSError, ValueError, ImageCms.PyCMSError):
        return image
    return converted if converted is not None else image
