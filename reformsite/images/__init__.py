"""Lead images: fetched (when asked), checked, resized into responsive variants, served by the site.

- `lead` turns articles' `image:` into Pictures and the variants' files (the build's stage);
- `variants` makes the variants with Pillow (checks, orientation, no metadata, WebP);
- `fetch` downloads an image over http(s) with timeouts and a size cap;
- `store` keeps downloads and variants in the build cache.
"""

from .fetch import FetchError, fetch_image
from .lead import IMAGES_URL, LeadPictures, Picture, lead_pictures
from .store import ImageStore
from .variants import MAX_BYTES, MAX_PIXELS, WIDTHS, ImageError, image_format, make_variants

__all__ = [
    "IMAGES_URL", "MAX_BYTES", "MAX_PIXELS", "WIDTHS", "FetchError", "ImageError", "ImageStore",
    "LeadPictures", "Picture", "fetch_image", "image_format", "lead_pictures", "make_variants",
]
