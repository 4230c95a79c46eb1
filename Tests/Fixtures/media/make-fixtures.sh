#!/bin/sh
# Makes the tiny video fixtures used by VideoHeaderReaderTests (ffmpeg 5.1.x, Debian 12).
# Kept for the record; the committed files are the ones the tests check, so re-running
# with another ffmpeg may change byte sizes (the tests only assert header values).
# Every picture has a white box in its stored top-left corner, so a rotation can be checked by eye.
set -eu
cd "$(dirname "$0")"

FF="ffmpeg -hide_banner -loglevel error -y"
ENC="-c:v libx264 -preset ultrafast -pix_fmt yuv420p -fflags +bitexact -map_metadata -1"
src() { echo "color=c=red:s=$1:r=5:d=1,drawbox=x=0:y=0:w=16:h=16:c=white:t=fill"; }  # 5 frames, 1.0 s

# 1. portrait 72x128, moov before mdat
$FF -f lavfi -i "$(src 72x128)" $ENC -an -movflags +faststart portrait.mp4
# 2. landscape 128x72
$FF -f lavfi -i "$(src 128x72)" $ENC -an -movflags +faststart landscape.mp4
# 3. stored 128x72, displayed portrait. In ffmpeg 5.1 the `rotate` tag is written as a
#    COUNTER-clockwise angle (ffprobe side data then says rotation=N), so rotate=270 gives the
#    matrix phones write for a 90° clockwise turn (a=0 b=1 c=-1 d=0; ffprobe: rotation=-90) ...
$FF -i landscape.mp4 -c copy -map_metadata -1 -metadata:s:v:0 rotate=270 -movflags +faststart rotated.mp4
#    ... and rotate=90 gives a=0 b=-1 c=1 d=0, i.e. 270° clockwise (ffprobe: rotation=90).
$FF -i landscape.mp4 -c copy -map_metadata -1 -metadata:s:v:0 rotate=90 -movflags +faststart rotated-270.mp4
# 4. portrait, moov after mdat (no faststart), like a phone recording; with a tiny audio
#    track mapped FIRST, so the reader must skip a non-video trak to find the video.
$FF -f lavfi -i "$(src 72x128)" -f lavfi -i "anullsrc=r=8000:cl=mono" -map 1:a -map 0:v \
    $ENC -c:a aac -b:a 8k -t 1 moov-at-end.mp4
# 5. QuickTime container: major brand "qt  "
$FF -f lavfi -i "$(src 72x128)" $ENC -an -f mov -movflags +faststart portrait.mov
# 6. moov-at-end.mp4 cut off 100 bytes before its end, i.e. inside the moov box
size=$(wc -c < moov-at-end.mp4)
head -c $((size - 100)) moov-at-end.mp4 > truncated.mp4
# 7. 100 days long (2 frames, 50 days apart): longer than 2^32 ms, so ffmpeg writes
#    version-1 mvhd and tkhd boxes with 64-bit durations. A track timescale of 1 keeps
#    each sample's duration within 32 bits.
$FF -f lavfi -i "color=c=blue:s=16x16:r=1/4320000:d=8640000" $ENC -an \
    -video_track_timescale 1 -movflags +faststart long.mp4
# 8. Fragmented MP4 (as live recorders write it): mvhd says nothing of the duration (0), 400 s of frames
$FF -f lavfi -i "color=c=blue:s=72x128:r=1" -t 400 $ENC -an -movflags frag_keyframe+empty_moov fragmented.mp4
