#ifndef CHERALD_IMAGING_H
#define CHERALD_IMAGING_H

#include <stddef.h>

/// What Herald needs to know about an image without decoding its pixels.
typedef struct {
    int width;        /* as stored */
    int height;
    int orientation;  /* EXIF orientation 1-8; 1 when absent */
} herald_image_info;

/// Reads an image's header with libvips (libvips' own API is variadic, which Swift cannot call).
/// Returns 0 on success; otherwise -1 and copies libvips' message into `error` (at most `error_size` bytes).
int herald_image_read_info(const char *path, herald_image_info *info, char *error, int error_size);

/* ---- Thumbnails -------------------------------------------------------------------------------
 * A thumbnail is always exactly width x height pixels: the picture is turned upright by its EXIF
 * orientation, scaled (down, or up for a source smaller than the target) until it covers the box,
 * and cropped around its centre. Colour is converted to sRGB (embedded ICC profiles, CMYK, 16-bit,
 * grey), transparency is flattened onto white, and every saved file is stripped of all metadata
 * (EXIF, GPS, XMP, IPTC, ICC). JPEG sources are shrunk while they are decoded, so memory stays
 * near the size of the thumbnail, not of the photo. A truncated or corrupt source is an error.
 */

/// Pixels of one decoded thumbnail, held in memory so that several files can be saved from one decode.
typedef struct herald_thumbnail herald_thumbnail;

/// Decodes `length` bytes of an image file (JPEG, PNG, WebP, ...) into a width x height thumbnail.
/// The bytes are read only during this call. Returns NULL and libvips' message in `error` on failure.
herald_thumbnail *herald_thumbnail_decode(const void *bytes, size_t length, int width, int height,
                                          char *error, int error_size);

/// Saves the thumbnail to `output_path`; the format follows the extension: .webp, or .jpg/.jpeg
/// (baseline, optimised Huffman tables). `quality` is the encoder's Q, 1-100.
/// Returns 0, or -1 with libvips' message in `error` (the file may then be partly written).
int herald_thumbnail_save(const herald_thumbnail *thumbnail, const char *output_path, int quality,
                          char *error, int error_size);

/// Frees the thumbnail's pixels. NULL is allowed.
void herald_thumbnail_free(herald_thumbnail *thumbnail);

/// Decodes the file at `input_path` and saves one thumbnail of it: decode + save + free in one call.
/// Returns 0; -1 if the source cannot be read or decoded; -2 if the output cannot be written.
int herald_thumbnail_write(const char *input_path, int width, int height, const char *output_path,
                           int quality, char *error, int error_size);

/// The mean red, green and blue (0-255) of the w x h rectangle at (x, y) of an image's pixels as stored
/// (EXIF orientation NOT applied), in sRGB. For tests: checks which way a picture was turned.
int herald_image_average_color(const char *path, int x, int y, int w, int h, double rgb[3],
                               char *error, int error_size);

#endif
