#!/usr/bin/env python3
"""Check built feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) the way a feed reader sees them.

Usage: check_feed.py [--may-be-empty] FEED_FILE...

Exit status 0 when every feed is fine, 1 when one has problems (each printed
on its own line), 2 on usage errors or a missing `feedparser` module.

What "fine" means here:
  * feedparser parses it without falling back to its lenient mode
    (`bozo` is false) -- readers differ in how forgiving they are, so a bozo
    feed may work in one reader and be empty in another;
  * it has at least one entry, unless --may-be-empty is given (a section
    feed, e.g. the contest results before the first results are out);
  * every entry has an absolute http(s) link (a relative link means nothing
    once the item is shown outside the site), a guid (readers use it to tell
    new items from old ones; missing or duplicated guids make readers show
    items twice or drop them), and a published date that can actually be
    parsed (otherwise readers sort the item arbitrarily);
  * every href, src, srcset and poster inside an entry's content is absolute:
    a reader shows the content away from the site, where `../../media/x.pdf`
    or `#fn-1` point at nothing.

JSON Feed: feedparser releases up to 6.0.x do not read JSON Feed (they report
bozo and version ''), so a JSON file is checked here against JSON Feed 1.1
(version, title, items; each item's id, url, content and RFC 3339 dates) and
then by the same entry rules. A feedparser that does read it (version
'json11') is used instead.
"""
import json
import sys
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

try:
    import feedparser
except ImportError:
    print("python module 'feedparser' is missing: pip install feedparser (PyPI)")
    sys.exit(2)

JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")
# Schemes a link inside content may have; anything else must not be relative.
CONTENT_SCHEMES = ("http", "https", "mailto", "tel", "data")


def is_absolute_http_url(value):
    if not isinstance(value, str) or not value:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class ContentLinks(HTMLParser):
    """Collects the URLs of href, src, poster and srcset attributes of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "poster"):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [c.split()[0] for c in value.split(",") if c.split()]


def is_absolute_content_url(value):
    parts = urlsplit(value.strip())
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return parts.scheme in CONTENT_SCHEMES


def relative_urls_in(html):
    parser = ContentLinks()
    parser.feed(html)
    parser.close()
    return [url for url in parser.urls if not is_absolute_content_url(url)]


def parse_rfc3339(value):
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def json_feed_entries(path, data, problems):
    """JSON Feed 1.1 checked here; returns its items shaped like feedparser entries."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        problems.append(f"{path}: not valid UTF-8 JSON: {exc}")
        return []
    if not isinstance(document, dict):
        problems.append(f"{path}: the top level is not a JSON object")
        return []
    if document.get("version") not in JSON_FEED_VERSIONS:
        problems.append(f"{path}: version {document.get('version')!r} is not {JSON_FEED_VERSIONS[0]!r}")
    if not isinstance(document.get("title"), str) or not document["title"]:
        problems.append(f"{path}: has no title")
    for key in ("home_page_url", "feed_url"):
        if key in document and not is_absolute_http_url(document[key]):
            problems.append(f"{path}: {key} is not an absolute http(s) URL: {document[key]!r}")
    items = document.get("items")
    if not isinstance(items, list):
        problems.append(f"{path}: has no items array")
        return []
    entries = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"{path}: item {index} is not an object")
            continue
        label = f"{path}: item {index} ({item.get('title', '<no title>')!r})"
        html, text = item.get("content_html"), item.get("content_text")
        if not isinstance(html, str) and not isinstance(text, str):
            problems.append(f"{label}: has neither content_html nor content_text")
        modified = item.get("date_modified")
        if modified is not None and parse_rfc3339(modified) is None:
            problems.append(f"{label}: date_modified {modified!r} is not RFC 3339")
        id_ = item.get("id")
        entries.append({
            "title": item.get("title", "<no title>"),
            "link": item.get("url"),
            "id": str(id_) if id_ not in (None, "") else None,
            "published": item.get("date_published"),
            "published_parsed": parse_rfc3339(item.get("date_published")),
            "content": [{"value": html}] if isinstance(html, str) else [],
        })
    return entries


def check(path, may_be_empty):
    problems = []
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return [f"{path}: cannot read feed: {exc}"], 0, "?"

    # Parse the bytes, not the path: feedparser would otherwise treat the
    # argument as a possible URL, and with no base URL any relative link
    # stays relative, which is exactly what we want to catch.
    feed = feedparser.parse(data)
    kind = feed.get("version") or "?"
    is_json = data.lstrip()[:1] == b"{"

    if is_json and not kind.startswith("json"):
        entries = json_feed_entries(path, data, problems)
        kind = "json11 (checked by check_feed.py; this feedparser reads no JSON Feed)"
    else:
        if feed.bozo:
            problems.append(f"{path}: feedparser bozo=1: {feed.get('bozo_exception')!r}")
        entries = feed.entries

    if not entries and not may_be_empty:
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
            problems.append(f"{label}: has no published date (pubDate/published/date_published)")
        elif not entry.get("published_parsed"):
            problems.append(
                f"{label}: published date {entry.get('published')!r} cannot be parsed")
        for content in entry.get("content") or []:
            for url in relative_urls_in(content.get("value") or ""):
                problems.append(f"{label}: content links to a relative URL: {url!r}")

    return problems, len(entries), kind


def main(argv):
    args = argv[1:]
    may_be_empty = False
    if args and args[0] == "--may-be-empty":
        may_be_empty, args = True, args[1:]
    if not args or any(a.startswith("--") for a in args):
        print(__doc__.strip().splitlines()[2])
        return 2
    failed = False
    for path in args:
        problems, count, kind = check(path, may_be_empty)
        for problem in problems:
            print(problem)
        if problems:
            failed = True
        else:
            print(f"{path}: OK, {count} entries, {kind}, feedparser {feedparser.__version__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
