"""Dates as editors and the press write them: RFC 2822, ISO 8601 and Vietnamese dd/mm/yyyy."""

from __future__ import annotations

import copyreg
import datetime as dt
import re
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_VIETNAMESE = re.compile(
    r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:[ T,]+(?:-\s*)?(?P<H>\d{1,2})[:hg](?P<M>\d{2})?(?::(?P<S>\d{2}))?)?$"
)
_RFC2822_HINT = re.compile(r"^[A-Za-z]{3},|\d{1,2} [A-Za-z]{3} \d{4}")


class DateError(ValueError):
    """A date that cannot be read, with a hint for the editor."""

    hint = (
        "write the date as RFC 2822 (Mon, 04 Nov 2024 02:00:00 +0700), "
        "ISO 8601 (2024-11-04T02:00:00+07:00) or dd/mm/yyyy HH:MM (04/11/2024 02:00)"
    )


# Fixed offsets, one instance of each.  Two aware datetimes compare quickly only when they hold the
# same tzinfo object (else each comparison asks both for their offsets), and each date parsed or
# unpickled would bring its own: a large site sorts hundreds of thousands of figures by their
# articles' dates.  Pickled as shared_zone's arguments, so that a date read back from the build
# cache or a worker process holds the shared one too (see benchmarks/README.md).
_ZONES: dict[tuple, dt.timezone] = {}


def shared_zone(offset: dt.timedelta, name: str | None = None) -> dt.timezone:
    """The one instance of the fixed offset *offset* (named *name*, else as datetime names it)."""
    key = (offset, name)
    zone = _ZONES.get(key)
    if zone is None:
        zone = _ZONES[key] = dt.timezone(offset) if name is None else dt.timezone(offset, name)
    return zone


def _pickled_zone(zone: dt.timezone) -> tuple:
    return shared_zone, zone.__getinitargs__()


copyreg.pickle(dt.timezone, _pickled_zone)


def _aware(value: dt.datetime) -> dt.datetime:
    """Attach Vietnam's time zone to a naive datetime (editors write local time); a fixed offset
    becomes its shared instance."""
    zone = value.tzinfo
    if zone is None:
        return value.replace(tzinfo=VIETNAM)
    if type(zone) is dt.timezone and (shared := shared_zone(*zone.__getinitargs__())) is not zone:
        return value.replace(tzinfo=shared)
    return value


def _check_year(value: dt.datetime) -> dt.datetime:
    if not 1900 <= value.year <= 2200:
        raise DateError(f"year {value.year} is out of range (1900–2200)")
    return value


def parse_date(value: object) -> dt.datetime:
    """Read a front matter date into an aware datetime; naive times are Asia/Ho_Chi_Minh.

    YAML has often already turned ISO dates into ``date``/``datetime`` objects; strings are tried as
    Vietnamese ``dd/mm/yyyy[ HH:MM]``, then ISO 8601, then RFC 2822.
    """
    if isinstance(value, dt.datetime):
        return _check_year(_aware(value))
    if isinstance(value, dt.date):
        return _check_year(dt.datetime(value.year, value.month, value.day, tzinfo=VIETNAM))
    if not isinstance(value, str):
        raise DateError(f"a date must be text, not {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise DateError("the date is empty")
    if match := _VIETNAMESE.match(text):
        parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
        try:
            result = dt.datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"])
        except ValueError as exc:
            raise DateError(f"impossible date {text!r}: {exc}") from None
        return _check_year(_aware(result))
    try:
        return _check_year(_aware(dt.datetime.fromisoformat(text)))
    except ValueError:
        pass
    if _RFC2822_HINT.search(text):
        from email.utils import parsedate_to_datetime  # a heavy import, for Jekyll's dates only

        try:
            return _check_year(_aware(parsedate_to_datetime(text)))
        except (TypeError, ValueError, IndexError) as exc:
            raise DateError(f"impossible date {text!r}: {exc}") from None
    raise DateError(f"cannot read the date {text!r}")
