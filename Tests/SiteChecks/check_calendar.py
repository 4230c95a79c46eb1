#!/usr/bin/env python3
"""Check a built calendar.ics the way a calendar app sees it, with the `icalendar` package.

Usage: check_calendar.py CALENDAR.ics [UID_PREFIX...]

Prints `OK` when the calendar is fine; raises AssertionError listing every
problem otherwise (exit status 1), and exits 2 on usage errors or a missing
`icalendar` module (pip install icalendar, PyPI).

What "fine" means here:
  * the text is RFC 5545 as written: UTF-8, every line ended by CRLF and at
    most 75 octets, continuation lines starting with a space;
  * icalendar parses it, and the calendar has VERSION 2.0, a PRODID, CALSCALE
    GREGORIAN and a non-empty X-WR-CALNAME;
  * every VEVENT has a UID (no two alike), a DTSTAMP in UTC, a SUMMARY and a
    DTSTART that is either a whole day or a timezone-aware time -- a floating
    time would shift with the subscriber's own zone; a DTEND is of the same
    kind and after the start; a URL is an absolute http(s) address;
  * every TZID used is defined by a VTIMEZONE in the file, and a time with that
    TZID has the offset the VTIMEZONE gives;
  * for each UID_PREFIX (default: `stage-` and `submission-deadline`, what the
    calendar of a site with a contest always has) some VEVENT's UID starts with
    it, and the submission deadline is a timed event.
"""
import sys
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

try:
    import icalendar
except ImportError:
    print("python module 'icalendar' is missing: pip install icalendar (PyPI)")
    sys.exit(2)

DEFAULT_PREFIXES = ("stage-", "submission-deadline")


def raw_line_problems(data):
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a line break that is not CRLF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8 on its own (folded inside a character?)")
    return problems


def zone_offsets(calendar):
    """TZID -> the offsets its VTIMEZONE's observances switch to."""
    offsets = {}
    for zone in calendar.walk("VTIMEZONE"):
        offsets[str(zone["TZID"])] = {sub["TZOFFSETTO"].td for sub in zone.subcomponents
                                      if sub.name in ("STANDARD", "DAYLIGHT")}
    return offsets


def time_problems(label, name, prop, value, offsets):
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return [f"{label}: {name} {value.isoformat()} has no time zone (floating)"]
        tzid = prop.params.get("TZID")
        if tzid is not None:
            if tzid not in offsets:
                return [f"{label}: {name} uses TZID={tzid}, which no VTIMEZONE defines"]
            if value.utcoffset() not in offsets[tzid]:
                return [f"{label}: {name} {value.isoformat()} has offset {value.utcoffset()}, "
                        f"not one of the VTIMEZONE's {sorted(map(str, offsets[tzid]))}"]
        return []
    if isinstance(value, date):
        return []
    return [f"{label}: {name} {value!r} is neither a date nor a date-time"]


def event_problems(index, event, offsets, seen):
    uid = str(event.get("UID", ""))
    label = f"VEVENT {index} ({uid or '<no UID>'})"
    problems = []
    if not uid:
        problems.append(f"{label}: has no UID")
    elif uid in seen:
        problems.append(f"{label}: UID duplicates VEVENT {seen[uid]}")
    else:
        seen[uid] = index
    if not str(event.get("SUMMARY", "")).strip():
        problems.append(f"{label}: has no SUMMARY")
    stamp = event.decoded("DTSTAMP") if "DTSTAMP" in event else None
    if not isinstance(stamp, datetime) or stamp.utcoffset() != timedelta(0):
        problems.append(f"{label}: DTSTAMP {stamp!r} is not a UTC date-time")
    if "DTSTART" not in event:
        return problems + [f"{label}: has no DTSTART"]
    start = event.decoded("DTSTART")
    problems += time_problems(label, "DTSTART", event["DTSTART"], start, offsets)
    if "DTEND" in event:
        end = event.decoded("DTEND")
        problems += time_problems(label, "DTEND", event["DTEND"], end, offsets)
        if isinstance(start, datetime) != isinstance(end, datetime):
            problems.append(f"{label}: DTSTART and DTEND are not both days or both times")
        elif isinstance(start, datetime) and None in (start.utcoffset(), end.utcoffset()):
            pass  # a floating time is reported above and cannot be compared
        elif not end > start:
            problems.append(f"{label}: DTEND {end} is not after DTSTART {start}")
    url = str(event.get("URL", ""))
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{label}: URL {url!r} is not an absolute http(s) address")
    return problems


def check(path, prefixes):
    with open(path, "rb") as handle:
        data = handle.read()
    problems = raw_line_problems(data)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise AssertionError(f"{path}: icalendar cannot parse it: {error}")

    for name, expected in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN")):
        if str(calendar.get(name, "")) != expected:
            problems.append(f"{name} is {calendar.get(name)!r}, not {expected!r}")
    for name in ("PRODID", "X-WR-CALNAME"):
        if not str(calendar.get(name, "")).strip():
            problems.append(f"has no {name}")

    offsets = zone_offsets(calendar)
    events = calendar.walk("VEVENT")
    seen = {}
    for index, event in enumerate(events, start=1):
        problems += event_problems(index, event, offsets, seen)

    for prefix in prefixes:
        matching = [event for event in events if str(event.get("UID", "")).startswith(prefix)]
        if not matching:
            problems.append(f"no VEVENT whose UID starts with {prefix!r}")
        if prefix == "submission-deadline":
            for event in matching:
                if not isinstance(event.decoded("DTSTART"), datetime):
                    problems.append("the submission deadline is not a timed event")

    if problems:
        raise AssertionError(f"{path}:\n  " + "\n  ".join(problems))
    return len(events)


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__.strip().splitlines()[2])
        return 2
    check(argv[1], argv[2:] or DEFAULT_PREFIXES)
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
