"""Places: the gazetteer of both eras, news outlets, and the tagger that finds an article's places."""

from .editor import places_from_front_matter
from .gazetteer import Gazetteer, Place, load_gazetteer
from .outlets import outlet_for_code, outlet_for_url, without_outlet_mark
from .tagger import tag_places
from .tags import PlaceMention, PlaceTags

__all__ = [
    "Gazetteer", "Place", "PlaceMention", "PlaceTags", "load_gazetteer", "outlet_for_code",
    "outlet_for_url", "places_from_front_matter", "tag_places", "without_outlet_mark",
]
