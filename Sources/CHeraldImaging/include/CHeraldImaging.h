#ifndef CHERALD_IMAGING_H
#define CHERALD_IMAGING_H

/// What Herald needs to know about an image without decoding its pixels.
typedef struct {
    int width;        /* as stored */
    int height;
    int orientation;  /* EXIF orientation 1-8; 1 when absent */
} herald_image_info;

/// Reads an image's header with libvips (libvips' own API is variadic, which Swift cannot call).
/// Returns 0 on success; otherwise -1 and copies libvips' message into `error` (at most `error_size` bytes).
int herald_image_read_info(const char *path, herald_image_info *info, char *error, int error_size);

#endif
