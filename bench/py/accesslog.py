#!/usr/bin/env python3
"""Deterministic Apache access-log lines (combined log format, about 150 bytes each).

The same arguments give the same bytes on every machine and Python version: the randomness is a
splitmix64 generator written out here, not the `random` module, whose algorithms may change.

    python3 bench/py/accesslog.py --lines 1000000 --out /tmp/access.log
    python3 bench/py/accesslog.py --lines 5 --out -          # to standard output

As a module, `AccessLog(seed).line(i)` gives line i without its newline, and
`AccessLog(seed).line(i, tag="seq=7&t=123")` puts a tag into the request's query string (the
fixed-rate benchmark stamps each line with its sequence number and append time this way).
"""

import argparse
import sys
import time

_MASK = (1 << 64) - 1

_METHODS = ["GET"] * 17 + ["POST"] * 2 + ["HEAD"]
_PATHS = [
    "/",
    "/index.html",
    "/products/{id}",
    "/products/{id}/reviews",
    "/cart",
    "/checkout/step/{small}",
    "/api/v1/orders/{id}",
    "/api/v1/search?q=item{small}&page={small}",
    "/static/css/site.{small}.css",
    "/static/js/app.{id}.js",
    "/images/catalog/{id}.jpg",
    "/blog/2024/{small}/post-{id}.html",
]
_STATUSES = [200] * 14 + [304, 301, 404, 404, 500, 201]
_REFERRERS = [
    "-",
    "-",
    "https://www.example.com/",
    "https://www.example.com/products",
    "https://search.example.org/?q=shop",
]
_AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0",
    "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0",
    "curl/7.88.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Safari/604.1",
    "python-requests/2.28.1",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# 2024-03-01T00:00:00Z; line i is stamped START + i * 7 ms, so a million lines span two hours.
_START_EPOCH_S = 1709251200
_STEP_MS = 7


class AccessLog:
    """Line i of the log is a pure function of (seed, i)."""

    def __init__(self, seed=20240301):
        self._seed = seed & _MASK
        self._stamp_cache = (None, "")

    @staticmethod
    def _mix(z):
        # splitmix64's output function.
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def _stamp(self, i):
        second = _START_EPOCH_S + (i * _STEP_MS) // 1000
        if self._stamp_cache[0] != second:
            t = time.gmtime(second)
            text = "%02d/%s/%04d:%02d:%02d:%02d +0000" % (
                t.tm_mday, _MONTHS[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min, t.tm_sec)
            self._stamp_cache = (second, text)
        return self._stamp_cache[1]

    def line(self, i, tag=None):
        r = self._mix((self._seed + (i + 1) * 0x9E3779B97F4A7C15) & _MASK)
        r2 = self._mix(r)
        ip = "%d.%d.%d.%d" % (1 + (r & 0xFF) % 223, (r >> 8) & 0xFF, (r >> 16) & 0xFF,
                              1 + ((r >> 24) & 0xFF) % 254)
        path = _PATHS[(r >> 32) % len(_PATHS)].format(id=r2 % 100000, small=(r2 >> 20) % 20)
        if tag:
            path += ("&" if "?" in path else "?") + tag
        method = _METHODS[(r >> 40) % len(_METHODS)]
        status = _STATUSES[(r >> 48) % len(_STATUSES)]
        size = 0 if status in (304, 301) else 200 + (r2 >> 32) % 60000
        referrer = _REFERRERS[(r2 >> 48) % len(_REFERRERS)]
        agent = _AGENTS[(r2 >> 56) % len(_AGENTS)]
        return '%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s"' % (
            ip, self._stamp(i), method, path, status, size, referrer, agent)


def write_lines(out, count, seed=20240301, first=0):
    """Writes lines first..first+count-1, each ending in a newline; returns the bytes written."""
    log = AccessLog(seed)
    written = 0
    chunk = []
    for i in range(first, first + count):
        chunk.append(log.line(i))
        if len(chunk) == 10000:
            data = ("\n".join(chunk) + "\n").encode()
            out.write(data)
            written += len(data)
            chunk = []
    if chunk:
        data = ("\n".join(chunk) + "\n").encode()
        out.write(data)
        written += len(data)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, required=True, help="how many lines")
    parser.add_argument("--out", required=True, help="output file, or - for standard output")
    parser.add_argument("--seed", type=int, default=20240301)
    args = parser.parse_args()
    if args.lines < 0:
        parser.error("--lines must be >= 0")
    if args.out == "-":
        write_lines(sys.stdout.buffer, args.lines, args.seed)
        return
    try:
        with open(args.out, "wb") as out:
            written = write_lines(out, args.lines, args.seed)
    except OSError as e:
        sys.exit("accesslog: cannot write %s: %s" % (args.out, e))
    print("%d lines, %d bytes (%.1f bytes/line) -> %s" % (
        args.lines, written, written / max(args.lines, 1), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
