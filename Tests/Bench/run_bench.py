#!/usr/bin/env python3
"""Herald's benchmark (`make bench`): Herald against Hugo on synthetic campaigns.

For each size (number of contestants) it
  1. generates the corpus with gen_corpus.py (skipped when its stamp matches), as a Herald site and
     as an equivalent Hugo site with the same pages;
  2. runs `herald check` on it and stops if it reports any error;
  3. runs N pairs of clean builds, alternating the order (Herald first in odd pairs, Hugo first in
     even ones): before each build the tool's output folder and its cache (.herald-cache, Hugo's
     cacheDir and resources/) are deleted;
  4. runs N Herald builds of each rebuild kind:
       warm-cache  output (and the spare) deleted, .herald-cache kept (thumbnails reused)
       no-change   build again into the existing output, nothing changed
       one-edit    one notice gets a line appended, then build into the existing output
     (the edited notice is restored afterwards);
and prints, per size and tool, pages (HTML files in the output), median wall time, median CPU
(user + sys), peak RSS (max over runs) and ms/page (median wall / pages), and the herald/hugo ratio of
each clean pair with their median.

Every build runs under `/usr/bin/time -f` (GNU time): wall = %e, CPU = %U + %S, peak RSS = %M of the
child (for Hugo, its whole multi-threaded process). Results also go to WORK/results.json.

    python3 Tests/Bench/run_bench.py --herald .build/release/herald
    python3 Tests/Bench/run_bench.py --sizes 300,3000 --runs 5
    python3 Tests/Bench/run_bench.py --sizes 3000 --real-images --work .build/bench-real
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NOW = "2024-08-10T12:00:00+08:00"   # rematch voting open: vote links and the current stage are shown
EDITED_NOTICE = "notice-00001.md"


def die(message):
    print("bench: " + message, file=sys.stderr)
    sys.exit(1)


def timed(argv, log_path):
    """Runs argv under GNU time; returns dict(wall, cpu, user, sys, rss_mb)."""
    tfile = log_path + ".time"
    with open(log_path, "w") as log:
        rc = subprocess.call(["/usr/bin/time", "-o", tfile, "-f", "%e %U %S %M"] + argv, stdout=log, stderr=subprocess.STDOUT)
    if rc != 0:
        with open(log_path) as log:
            tail = log.read()[-3000:]
        die("command failed (exit %d): %s\n%s" % (rc, " ".join(argv), tail))
    with open(tfile) as f:
        line = f.read().strip().splitlines()[-1]
    wall, user, system, rss = line.split()
    return {"wall": float(wall), "user": float(user), "sys": float(system),
            "cpu": float(user) + float(system), "rss_mb": int(rss) / 1024.0}


def is_redirect_stub(path, size):
    """Hugo writes notices/page/1/ as a tiny meta-refresh alias of notices/: not a page."""
    if size > 1024:
        return False
    with open(path, "rb") as f:
        return b'http-equiv="refresh"' in f.read()


def count_pages(folder):
    """HTML files in the output (redirect stubs not counted), all files, total bytes."""
    pages = files = size = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            bytes_ = os.path.getsize(path)
            files += 1
            size += bytes_
            if name.endswith(".html") and not is_redirect_stub(path, bytes_):
                pages += 1
    return pages, files, size


def rm(*paths):
    for path in paths:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)


class Size:
    def __init__(self, args, contestants):
        self.args = args
        self.n = contestants
        name = "c%d%s" % (contestants, "-real" if args.real_images else "")
        self.root = os.path.abspath(os.path.join(args.work, name))
        self.content = os.path.join(self.root, "herald", "content")
        self.hugo_site = os.path.join(self.root, "hugo")
        self.run = os.path.abspath(os.path.join(args.run_dir, name)) if args.run_dir else os.path.join(self.root, "run")
        self.herald_out = os.path.join(self.run, "herald", "output")
        self.herald_cache = os.path.join(self.run, "herald", ".herald-cache")   # what `herald build` uses beside --output
        # The output before last, which Herald keeps beside --output and reuses as its next staging folder.
        self.herald_spare = os.path.join(self.run, "herald", ".output.herald-spare")
        self.hugo_out = os.path.join(self.run, "hugo", "public")
        self.hugo_cache = os.path.join(self.run, "hugo", "cache")
        self.logs = os.path.join(self.run, "logs")
        self.large = contestants >= args.large
        self.runs = args.runs_large if self.large else args.runs
        self.rebuilds = args.large_rebuilds if self.large else args.rebuilds

    def herald_argv(self):
        return [self.args.herald, "build", "--content", self.content, "--output", self.herald_out, "--now", NOW]

    def hugo_argv(self):
        return [self.args.hugo, "--source", self.hugo_site, "--destination", self.hugo_out,
                "--cacheDir", self.hugo_cache, "--quiet"]

    def log(self, name):
        return os.path.join(self.logs, name + ".log")

    def clean_herald(self):
        rm(self.herald_out, self.herald_cache, self.herald_spare)

    def clean_hugo(self):
        rm(self.hugo_out, self.hugo_cache, os.path.join(self.hugo_site, "resources"))


def generate(args, size):
    argv = [sys.executable, os.path.join(HERE, "gen_corpus.py"), "--contestants", str(size.n), "--out", size.root]
    if args.real_images:
        argv.append("--real-images")
    started = time.time()
    subprocess.run(argv, check=True)
    print("  (corpus ready in %.1f s)" % (time.time() - started))


def check(args, size):
    out = subprocess.run([args.herald, "check", "--content", size.content, "--now", NOW],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    errors = re.search(r"(\d+) 个错误", summary)
    print("  herald check: " + summary)
    if out.returncode != 0 or not errors or errors.group(1) != "0":
        die("herald check reported errors for %s:\n%s" % (size.content, out.stdout[-3000:]))


def bench_size(args, size):
    print("\n== %d contestants ==" % size.n)
    generate(args, size)
    check(args, size)
    os.makedirs(size.logs, exist_ok=True)
    result = {"contestants": size.n, "runs": size.runs, "clean": {"herald": [], "hugo": []},
              "herald_rebuild": {"warm-cache": [], "no-change": [], "one-edit": []}}

    if args.warmup and not size.large:   # untimed: page cache, binaries
        size.clean_herald()
        timed(size.herald_argv(), size.log("warmup-herald"))
        if not args.skip_hugo:
            size.clean_hugo()
            timed(size.hugo_argv(), size.log("warmup-hugo"))

    for i in range(size.runs):
        order = ["herald", "hugo"] if i % 2 == 0 else ["hugo", "herald"]
        for tool in order:
            if tool == "hugo" and args.skip_hugo:
                continue
            if tool == "herald":
                size.clean_herald()
                m = timed(size.herald_argv(), size.log("clean-herald-%d" % i))
                m["pages"], m["files"], m["bytes"] = count_pages(size.herald_out)
            else:
                size.clean_hugo()
                m = timed(size.hugo_argv(), size.log("clean-hugo-%d" % i))
                m["pages"], m["files"], m["bytes"] = count_pages(size.hugo_out)
            result["clean"][tool].append(m)
            print("  clean %-6s #%d  %7.2f s wall  %7.2f s cpu  %7.1f MB  %d pages"
                  % (tool, i + 1, m["wall"], m["cpu"], m["rss_mb"], m["pages"]))

    # Herald rebuilds. The last clean build left output/ and .herald-cache/ in place.
    clean_wall = median([m["wall"] for m in result["clean"]["herald"]])
    if size.large and size.rebuilds and clean_wall > args.large_budget:
        print("  herald rebuilds skipped at this size: the clean build took %.0f s, over --large-budget %.0f s"
              % (clean_wall, args.large_budget))
        result["rebuilds_skipped"] = True
        size.rebuilds = []
    for i in range(size.runs if "warm-cache" in size.rebuilds else 0):
        rm(size.herald_out, size.herald_spare)
        m = timed(size.herald_argv(), size.log("warm-cache-%d" % i))
        result["herald_rebuild"]["warm-cache"].append(m)
        print("  herald warm-cache #%d  %7.2f s wall  %7.2f s cpu  %7.1f MB" % (i + 1, m["wall"], m["cpu"], m["rss_mb"]))
    for i in range(size.runs if "no-change" in size.rebuilds else 0):
        m = timed(size.herald_argv(), size.log("no-change-%d" % i))
        result["herald_rebuild"]["no-change"].append(m)
        print("  herald no-change  #%d  %7.2f s wall  %7.2f s cpu  %7.1f MB" % (i + 1, m["wall"], m["cpu"], m["rss_mb"]))
    notice = os.path.join(size.content, "notices", EDITED_NOTICE)
    with open(notice, "rb") as f:
        original = f.read()
    try:
        for i in range(size.runs if "one-edit" in size.rebuilds else 0):
            with open(notice, "ab") as f:
                f.write(("\n补充说明：第%d次修改，请以本次为准。\n" % (i + 1)).encode("utf-8"))
            m = timed(size.herald_argv(), size.log("one-edit-%d" % i))
            result["herald_rebuild"]["one-edit"].append(m)
            print("  herald one-edit   #%d  %7.2f s wall  %7.2f s cpu  %7.1f MB" % (i + 1, m["wall"], m["cpu"], m["rss_mb"]))
    finally:
        with open(notice, "wb") as f:
            f.write(original)
    return result


def median(values):
    return statistics.median(values) if values else float("nan")


def summarise(results):
    lines = []
    lines.append("")
    lines.append("Clean builds (output folder and caches deleted before each build; `herald build --now %s`,"
                 " `hugo --quiet`)" % NOW)
    lines.append("medians over N runs; peak RSS is the maximum over the runs; ms/page = median wall / HTML pages;"
                 " out MB = size of the output folder")
    header = "%8s  %-6s %3s %7s %9s %9s %10s %8s %8s" % ("size", "tool", "N", "pages", "wall s", "cpu s", "peak MB", "ms/page",
                                                      "out MB")
    lines.append(header)
    lines.append("-" * len(header))
    for r in results:
        for tool in ("herald", "hugo"):
            runs = r["clean"][tool]
            if not runs:
                continue
            wall = median([m["wall"] for m in runs])
            pages = runs[-1]["pages"]
            lines.append("%8d  %-6s %3d %7d %9.2f %9.2f %10.1f %8.2f %8.1f"
                         % (r["contestants"], tool, len(runs), pages, wall, median([m["cpu"] for m in runs]),
                            max(m["rss_mb"] for m in runs), 1000.0 * wall / max(1, pages), runs[-1]["bytes"] / 1e6))
    lines.append("")
    lines.append("Per-pair ratios herald/hugo (pair i = clean build i of each tool, run back to back)")
    header = "%8s  %-28s %-28s %-22s" % ("size", "wall ratios -> median", "cpu ratios -> median", "peak RSS ratio")
    lines.append(header)
    lines.append("-" * len(header))
    for r in results:
        he, hu = r["clean"]["herald"], r["clean"]["hugo"]
        if not he or not hu:
            continue
        pairs = list(zip(he, hu))
        wall = [a["wall"] / b["wall"] for a, b in pairs]
        cpu = [a["cpu"] / b["cpu"] for a, b in pairs]
        rss = max(m["rss_mb"] for m in he) / max(m["rss_mb"] for m in hu)
        r["ratios"] = {"wall": wall, "cpu": cpu, "wall_median": median(wall), "cpu_median": median(cpu), "peak_rss": rss}
        fmt = lambda xs: ",".join("%.2f" % x for x in xs)
        lines.append("%8d  %-28s %-28s %.2f" % (r["contestants"], "%s -> %.2f" % (fmt(wall), median(wall)),
                                                 "%s -> %.2f" % (fmt(cpu), median(cpu)), rss))
        if he[-1]["pages"] != hu[-1]["pages"]:
            lines.append("          WARNING: page counts differ (herald %d, hugo %d)" % (he[-1]["pages"], hu[-1]["pages"]))
    lines.append("")
    lines.append("Herald rebuilds (medians; warm-cache: output deleted, .herald-cache kept; no-change: same output,"
                 " nothing changed; one-edit: a line appended to notices/%s)" % EDITED_NOTICE)
    header = "%8s  %-11s %3s %9s %9s %10s %8s" % ("size", "kind", "N", "wall s", "cpu s", "peak MB", "ms/page")
    lines.append(header)
    lines.append("-" * len(header))
    for r in results:
        pages = r["clean"]["herald"][-1]["pages"] if r["clean"]["herald"] else 1
        if r.get("rebuilds_skipped"):
            lines.append("%8d  (skipped: the clean build took longer than --large-budget)" % r["contestants"])
        for kind in ("warm-cache", "no-change", "one-edit"):
            runs = r["herald_rebuild"][kind]
            if runs:
                wall = median([m["wall"] for m in runs])
                lines.append("%8d  %-11s %3d %9.2f %9.2f %10.1f %8.2f"
                             % (r["contestants"], kind, len(runs), wall, median([m["cpu"] for m in runs]),
                                max(m["rss_mb"] for m in runs), 1000.0 * wall / pages))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--herald", default=os.path.join(REPO, ".build", "release", "herald"))
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "300,3000,30000"),
                    help="comma-separated contestant counts (default 300,3000,30000)")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")),
                    help="builds per kind for sizes below --large (default 3)")
    ap.add_argument("--runs-large", type=int, default=int(os.environ.get("BENCH_RUNS_LARGE", "1")),
                    help="builds per kind at sizes >= --large (default 1)")
    ap.add_argument("--large", type=int, default=10000, help="sizes from here on are 'large' (default 10000)")
    ap.add_argument("--rebuilds", default="warm-cache,no-change,one-edit", type=lambda s: s.split(","),
                    help="Herald rebuild kinds to time below --large (default: all three)")
    ap.add_argument("--large-rebuilds", default=os.environ.get("BENCH_LARGE_REBUILDS", "no-change,one-edit"),
                    type=lambda s: [k for k in s.split(",") if k],
                    help="rebuild kinds at large sizes (default no-change,one-edit: with placeholder media a "
                         "warm-cache build is a clean build plus a cache hit)")
    ap.add_argument("--work", default=os.path.join(REPO, ".build", "bench"), help="where corpora and outputs go")
    ap.add_argument("--run-dir", default=os.environ.get("BENCH_RUN_DIR", os.path.join(tempfile.gettempdir(), "herald-bench-run")),
                    help="where the builds write their output and caches (default: $TMPDIR/herald-bench-run; "
                         "'' = beside each corpus). Outside the repository on purpose: see README.md")
    ap.add_argument("--real-images", action="store_true", help="a distinct 720x1280 cover per contestant")
    ap.add_argument("--large-budget", type=float, default=float(os.environ.get("BENCH_LARGE_BUDGET", "150")),
                    help="at large sizes, time the rebuilds only if Herald's clean build took at most this many "
                         "seconds (default 150), to keep `make bench` under 15 minutes")
    ap.add_argument("--no-warmup", dest="warmup", action="store_false",
                    help="skip the untimed first build of each tool (never done at large sizes)")
    ap.add_argument("--skip-hugo", action="store_true")
    args = ap.parse_args()

    if not os.access("/usr/bin/time", os.X_OK):
        die("/usr/bin/time is missing: apt-get install time")
    if not os.access(args.herald, os.X_OK):
        die("no herald binary at %s: swift build -c release --product herald" % args.herald)
    if not args.skip_hugo and not shutil.which(args.hugo):
        die("hugo is missing: apt-get install hugo (or pass --skip-hugo)")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    hugo_version = "" if args.skip_hugo else subprocess.run([args.hugo, "version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    print("Herald benchmark: herald = %s" % args.herald)
    if hugo_version:
        print("                  hugo   = %s" % hugo_version)
    print("                  %d CPUs, load average %s, sizes %s, runs %d (%d at >= %d contestants)%s"
          % (os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()), sizes, args.runs, args.runs_large,
             args.large, ", real images" if args.real_images else ", placeholder media"))
    print("                  corpora in %s, build output in %s" % (os.path.abspath(args.work),
                                                                   os.path.abspath(args.run_dir) if args.run_dir else "each corpus's run/"))
    started = time.time()
    results = [bench_size(args, Size(args, n)) for n in sizes]
    report = summarise(results)
    print(report)
    print("\ntotal benchmark time %.0f s" % (time.time() - started))
    os.makedirs(args.work, exist_ok=True)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump({"herald": args.herald, "hugo": hugo_version, "now": NOW, "real_images": args.real_images,
                   "cpus": os.cpu_count(), "results": results}, f, indent=1)
    with open(os.path.join(args.work, "results.txt"), "w") as f:
        f.write(report + "\n")


if __name__ == "__main__":
    main()
