#!/usr/bin/env python3
"""Check a built RSS/Atom feed the way a feed reader sees it.

Usage: check_feed.py FEED_FILE

Exit status 0 when the feed is fine, 1 when it has problems (each printed
on its own line), 2 on usage errors or a missing `feedparser` module.

What "fine" means here:
  * feedparser parses it without falling back to its lenient mode
    (`bozo` is false) -- readers differ in how forgiving they are, so a bozo
    feed may work in one reader and be empty in another;
  * it has at least one entry;
  * every entry has an absolute http(s) link (a relative link means nothing
    once the item is shown outside the site), a guid (readers use it to tell
    new items from old ones; missing or duplicated guids make readers show
    items twice or drop them), and a published date that feedparser can
    actually parse (otherwise readers sort the item arbitrarily).
"""
import sys
from urllib.parse import urlsplit

try:
    import feedparser
except ImportError:
    print("python module 'feedparser' is missing: pip install feedparser (PyPI)")
    sys.exit(2)


def is_absolute_http_url(value):
    if not value:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check(path):
    problems = []
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return [f"{path}: cannot read feed: {exc}"], 0

    # Parse the bytes, not the path: feedparser would otherwise treat the
    # argument as a possible URL, and with no base URL any relative link
    # stays relative, which is exactly what we want to catch.
    feed = feedparser.parse(data)

    if feed.bozo:
        problems.append(f"{path}: feedparser bozo=1: {feed.get('bozo_exception')!r}")

    entries = feed.entries
    if not entries:
        problems.append(f"{path}: feed has no entries")

    seen_guids = {}
    for index, entry in enumerate(entries, start=1):
        label = f"{path}: entry {index} ({entry.get('title', '<no title>')!r})"
        link = entry.get("link")
        if not is_absolute_http_url(link):
            problems.append(f"{label}: link is not an absolute http(s) URL: {link!r}")
        guid = entry.get("id")
        if not guid:
            problems.append(f"{label}: has no guid/id")
        elif guid in seen_guids:
            problems.append(f"{label}: guid {guid!r} duplicates entry {seen_guids[guid]}")
        else:
            seen_guids[guid] = index
        if not entry.get("published"):
            problems.append(f"{label}: has no published date (pubDate/published)")
        elif not entry.get("published_parsed"):
            problems.append(
                f"{label}: published date {entry.get('published')!r} cannot be parsed")

    return problems, len(entries)


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2])
        return 2
    problems, count = check(argv[1])
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{argv[1]}: OK, {count} entries, feedparser {feedparser.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
