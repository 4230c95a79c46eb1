#!/bin/sh
# 重新生成职工歌手大赛的示例媒体文件（示例数据，仅用于演示和测试）。
# Regenerates the contest's sample media:
#   - four tiny portrait (9:16) H.264 videos without audio, shared by all sample contestants:
#       sample-video.mp4          90x160, 2 s, moov box first (+faststart)
#       sample-video-2.mp4        72x128, 1 s, moov box last (ffmpeg's default)
#       sample-video-3.mov        90x160, 1.5 s, QuickTime container (the notice allows mp4 or mov)
#       sample-video-rotated.mp4  stored as 160x90 landscape frames with a 90° rotation in the
#                                 track header's matrix, so it *displays* as 90x160 portrait
#                                 (exercises SPEC's "including its rotation matrix")
#   - one 180x320 JPEG cover per contestant, a two-colour gradient whose colours depend on
#     the contestant's position in contestants/*.yml (so every cover differs).
# Output is byte-for-byte reproducible with the same ffmpeg build (fixed seeds, bitexact).
# Needs ffmpeg (tested with 5.1) and awk. Run from anywhere:
#   sh content/media/contest/make-sample-media.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)          # content/media/contest
content=$(cd "$here/../.." && pwd)           # content/
cd "$here"

ff="ffmpeg -hide_banner -loglevel error -y"
x264="-c:v libx264 -profile:v baseline -preset veryslow -crf 38 -pix_fmt yuv420p -an"
exact="-fflags +bitexact -flags:v +bitexact -map_metadata -1"

# --- videos -------------------------------------------------------------------------------
$ff -f lavfi -i "gradients=s=90x160:seed=1:r=10:c0=0xC8102E:c1=0xFFD700:x0=0:y0=0:x1=90:y1=160:speed=0.05:d=2" \
    $x264 $exact -movflags +faststart sample-video.mp4
$ff -f lavfi -i "gradients=s=72x128:seed=1:r=10:c0=0x1E5AA8:c1=0xF2F2F2:x0=0:y0=0:x1=72:y1=128:speed=0.05:d=1" \
    $x264 $exact sample-video-2.mp4
$ff -f lavfi -i "gradients=s=90x160:seed=1:r=10:c0=0x2E7D32:c1=0xFFF59D:x0=0:y0=160:x1=90:y1=0:speed=0.05:d=1.5" \
    $x264 $exact -f mov sample-video-3.mov
# A portrait picture stored as landscape frames (turned 90° clockwise by transpose=1); the
# remux then writes the display matrix that turns it back (ffprobe: rotation=90). ffmpeg 5.1
# ignores the rotate tag while encoding, hence the separate stream-copy step.
$ff -f lavfi -i "gradients=s=90x160:seed=1:r=10:c0=0x6A1B9A:c1=0xFF8A65:x0=0:y0=0:x1=0:y1=160:speed=0.05:d=1.5" \
    -vf transpose=1 $x264 $exact sample-video-rotated.tmp.mp4
$ff -i sample-video-rotated.tmp.mp4 -c copy $exact -metadata:s:v:0 rotate=90 sample-video-rotated.mp4
rm -f sample-video-rotated.tmp.mp4

# --- covers -------------------------------------------------------------------------------
# Lists "unit id index" for every contestant, then prints "unit id colour0 colour1" with
# colour0 at hue index×137.5° (golden angle), colour1 a darker shade 40° further on.
awk '
  /^unit:/        { unit = $2 }
  /^  - id:/      { n++; print unit, $3, n }
' "$content"/contest/contestants/*.yml |
awk '
  function hex(h, s, v,   c, x, m, r, g, b, k) {
    h = h % 360; c = v * s; k = (h / 60) % 2; x = c * (1 - (k > 1 ? k - 1 : 1 - k)); m = v - c
    if (h < 60)       { r = c; g = x; b = 0 } else if (h < 120) { r = x; g = c; b = 0 }
    else if (h < 180) { r = 0; g = c; b = x } else if (h < 240) { r = 0; g = x; b = c }
    else if (h < 300) { r = x; g = 0; b = c } else              { r = c; g = 0; b = x }
    return sprintf("0x%02X%02X%02X", int((r + m) * 255 + 0.5), int((g + m) * 255 + 0.5), int((b + m) * 255 + 0.5))
  }
  { h = $3 * 137.508; print $1, $2, hex(h, 0.55, 0.92), hex(h + 40, 0.70, 0.55) }
' |
while read -r unit id c0 c1; do
  mkdir -p "$unit"
  $ff -f lavfi -i "gradients=s=180x320:seed=1:c0=$c0:c1=$c1:x0=0:y0=0:x1=180:y1=320:d=0.04" \
      -frames:v 1 -pix_fmt yuvj420p -q:v 9 $exact "$unit/$id.jpg" </dev/null
done
