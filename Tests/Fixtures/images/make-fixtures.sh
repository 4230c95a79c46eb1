#!/bin/sh
# Makes the tiny cover-image fixtures used by CoverThumbnailerTests (libvips 8.14 `vips` CLI,
# exiftool 12.x, python3 standard library; Debian 12). Kept for the record: the committed files are
# the ones the tests check, and the tests need none of these tools.
# Colours are split into halves so that a test can tell which way a picture came out.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import struct, sys, zlib
out = sys.argv[1]

def ppm(name, width, height, colour):            # colour(x, y) -> (r, g, b)
    rows = bytes(c for y in range(height) for x in range(width) for c in colour(x, y))
    open(f"{out}/{name}", "wb").write(b"P6 %d %d 255\n" % (width, height) + rows)

def png(name, width, height, colour):            # colour(x, y) -> (r, g, b, a)
    raw = b"".join(b"\0" + bytes(c for x in range(width) for c in colour(x, y)) for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    open(name, "wb").write(data)

RED, BLUE, GREEN, YELLOW = (220, 30, 30), (30, 30, 220), (30, 180, 30), (230, 210, 20)
# (a) stored landscape 64x48: top half red, bottom half blue. With EXIF Orientation 6 (turn 90°
#     clockwise to view) it is seen as a 48x64 portrait whose RIGHT half is red, LEFT half blue.
ppm("landscape.ppm", 64, 48, lambda x, y: RED if y < 24 else BLUE)
# (b) a plain portrait 60x100 (3:5, not 9:16): top half green, bottom half yellow.
ppm("portrait.ppm", 60, 100, lambda x, y: GREEN if y < 50 else YELLOW)
# (c) a 40x40 PNG with alpha: left half fully transparent, right half opaque red.
png("square-alpha.png", 40, 40, lambda x, y: (0, 0, 0, 0) if x < 20 else RED + (255,))
PY

vips copy "$tmp/landscape.ppm" "rotated-exif6.jpg[Q=90,strip]"
exiftool -q -overwrite_original -n \
    -Orientation=6 -Make=HeraldPhone -Model="HP-9 Pro" -ExifIFD:SerialNumber=HRLDSN4711 \
    -DateTimeOriginal="2024:07:30 20:15:00" \
    -GPSLatitude=31.8612 -GPSLatitudeRef=N -GPSLongitude=117.2830 -GPSLongitudeRef=E \
    rotated-exif6.jpg
vips copy "$tmp/portrait.ppm" "portrait.jpg[Q=90,strip]"
# (e) a 36x64 green picture (sRGB 30,180,30) stored in Display P3 with the P3 profile embedded, as
#     phones write them: its stored numbers differ from the sRGB ones.
python3 -c "import sys; sys.stdout.buffer.write(b'P6 36 64 255\n' + bytes([30, 180, 30]) * 36 * 64)" > "$tmp/green.ppm"
vips icc_transform "$tmp/green.ppm" "$tmp/green-p3.v" p3 --input-profile srgb
vips copy "$tmp/green-p3.v" "display-p3.jpg[Q=95]"
# (d) portrait.jpg cut off after 60% of its bytes, inside the compressed scan
size=$(wc -c < portrait.jpg)
head -c $((size * 6 / 10)) portrait.jpg > truncated.jpg
exiftool -s -Orientation -Make -Model -SerialNumber -GPSLatitude -GPSLongitude rotated-exif6.jpg
ls -l
