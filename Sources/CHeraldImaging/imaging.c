#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <vips/vips.h>
#include "CHeraldImaging.h"

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_status = 0;

static void start_vips(void) {
    start_status = VIPS_INIT("herald");
    /* Herald reads one image at a time per task; a small cache keeps memory flat. */
    vips_cache_set_max(0);
    /* Covers are photos from contestants: no SVG (librsvg), PDF (poppler) or ImageMagick loaders,
     * which libvips itself marks as unsafe for untrusted input. */
    vips_block_untrusted_set(TRUE);
}

static void copy_error(char *error, int error_size) {
    if (error && error_size > 0) {
        const char *message = vips_error_buffer();
        if (message == NULL || message[0] == '\0') {
            message = "libvips failed without a message";
        }
        strncpy(error, message, (size_t)error_size - 1);
        error[error_size - 1] = '\0';
    }
    vips_error_clear();
}

/* 1 when libvips is ready; otherwise 0 with its message in `error`. */
static int started_ok(char *error, int error_size) {
    pthread_once(&started, start_vips);
    if (start_status != 0) {
        copy_error(error, error_size);
        return 0;
    }
    return 1;
}

int herald_image_read_info(const char *path, herald_image_info *info, char *error, int error_size) {
    if (!started_ok(error, error_size)) {
        return -1;
    }
    /* Opening reads the header only; pixels are decoded lazily, and we never ask for them. */
    VipsImage *image = vips_image_new_from_file(path, "fail", TRUE, NULL);
    if (image == NULL) {
        copy_error(error, error_size);
        return -1;
    }
    info->width = vips_image_get_width(image);
    info->height = vips_image_get_height(image);
    info->orientation = vips_image_get_orientation(image);
    g_object_unref(image);
    return 0;
}

/* ---- Thumbnails ---------------------------------------------------------------------------- */

struct herald_thumbnail {
    VipsImage *image;  /* 8-bit sRGB, 3 bands, in memory, upright, without any metadata */
};

/* 1 when the image carries an ICC profile for the colour space its pixels are in (RGB or grey). */
static int profile_matches(VipsImage *in) {
    const void *profile;
    size_t length;
    if (!vips_image_get_typeof(in, VIPS_META_ICC_NAME) ||
        vips_image_get_blob(in, VIPS_META_ICC_NAME, &profile, &length) || length < 20) {
        return 0;
    }
    const char *space = (const char *)profile + 16;  /* the profile header's data colour space */
    int colours = vips_image_get_bands(in) - (vips_image_hasalpha(in) ? 1 : 0);
    return (colours == 3 && memcmp(space, "RGB ", 4) == 0) || (colours == 1 && memcmp(space, "GRAY", 4) == 0);
}

/* Turns a thumbnail pipeline into plain 8-bit sRGB with three bands: what both encoders take. */
static VipsImage *web_ready(VipsImage *in, VipsObject *context) {
    VipsImage **t = (VipsImage **)vips_object_local_array(context, 5);
    /* A photo tagged with its own colour space (Display P3 from phones, Adobe RGB from cameras) is
     * converted to sRGB by its profile, because the profile is stripped on saving and browsers then
     * take the pixels as sRGB. Untagged pictures are taken to be sRGB already and left alone (asking
     * vips_thumbnail for an sRGB "export_profile" would also transform those, and visibly shift
     * saturated colours). CMYK was already imported by vips_thumbnail, which leaves the CMYK
     * profile attached: only a profile that matches the pixels is applied. */
    if (profile_matches(in)) {
        if (vips_icc_transform(in, &t[4], "srgb", "embedded", TRUE, NULL)) {
            return NULL;
        }
        in = t[4];
    }
    /* Grey, CMYK, 16-bit RGB, Lab ... -> sRGB. */
    if (vips_image_get_interpretation(in) != VIPS_INTERPRETATION_sRGB) {
        if (vips_colourspace(in, &t[0], VIPS_INTERPRETATION_sRGB, NULL)) {
            return NULL;
        }
        in = t[0];
    }
    /* A cover with transparency (a PNG) sits on white, in the WebP as in the JPEG fallback. */
    if (vips_image_hasalpha(in)) {
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        int failed = vips_flatten(in, &t[1], "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        if (failed) {
            return NULL;
        }
        in = t[1];
    }
    if (vips_image_get_bands(in) > 3) {
        if (vips_extract_band(in, &t[2], 0, "n", 3, NULL)) {
            return NULL;
        }
        in = t[2];
    }
    if (vips_image_get_format(in) != VIPS_FORMAT_UCHAR) {
        if (vips_cast(in, &t[3], VIPS_FORMAT_UCHAR, NULL)) {
            return NULL;
        }
        in = t[3];
    }
    return in;
}

herald_thumbnail *herald_thumbnail_decode(const void *bytes, size_t length, int width, int height,
                                          char *error, int error_size) {
    if (!started_ok(error, error_size)) {
        return NULL;
    }
    if (width < 1 || height < 1 || width > 10000 || height > 10000) {
        vips_error("herald", "thumbnail size %d x %d is out of range", width, height);
        copy_error(error, error_size);
        return NULL;
    }
    VipsObject *context = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(context, 1);
    VipsImage *memory = NULL;
    /* vips_thumbnail_buffer turns the picture upright by its EXIF orientation (no_rotate is FALSE by
     * default), shrinks JPEG/WebP while decoding, and with "crop" covers the box and cuts the centre;
     * "size" BOTH lets a cover smaller than the box grow, so every thumbnail has the promised size.
     * Failing on TRUNCATED makes a cut-off file an error, not a picture with a grey bottom; libvips
     * 8.14's thumbnail_buffer does not hand its own "fail_on" to the loader, the option string does. */
    if (vips_thumbnail_buffer((void *)bytes, length, &t[0], width,
                              "height", height,
                              "crop", VIPS_INTERESTING_CENTRE,
                              "size", VIPS_SIZE_BOTH,
                              "fail_on", VIPS_FAIL_ON_TRUNCATED,
                              "option_string", "fail_on=truncated",
                              NULL) == 0) {
        VipsImage *ready = web_ready(t[0], context);
        if (ready != NULL) {
            if (vips_image_get_width(ready) != width || vips_image_get_height(ready) != height ||
                vips_image_get_bands(ready) != 3 || vips_image_get_format(ready) != VIPS_FORMAT_UCHAR) {
                vips_error("herald", "thumbnail came out %d x %d x %d bands instead of %d x %d x 3",
                           vips_image_get_width(ready), vips_image_get_height(ready),
                           vips_image_get_bands(ready), width, height);
            } else {
                /* Runs the whole pipeline now, so decoding errors surface here, not while saving;
                 * what stays in memory is the thumbnail only. */
                memory = vips_image_copy_memory(ready);
            }
        }
    }
    g_object_unref(context);
    if (memory == NULL) {
        copy_error(error, error_size);
        return NULL;
    }
    /* A fresh image of the bare pixels, with no metadata at all: libvips 8.14's webpsave ignores
     * "strip" and would copy the camera's EXIF (GPS, serial number, and an Orientation tag that
     * no longer applies) into the WebP. */
    VipsImage *bare = vips_image_new_from_memory_copy(VIPS_IMAGE_ADDR(memory, 0, 0),
                                                      VIPS_IMAGE_SIZEOF_IMAGE(memory),
                                                      width, height, 3, VIPS_FORMAT_UCHAR);
    g_object_unref(memory);
    if (bare == NULL) {
        copy_error(error, error_size);
        return NULL;
    }
    bare->Type = VIPS_INTERPRETATION_sRGB;
    herald_thumbnail *thumbnail = g_malloc(sizeof(herald_thumbnail));
    thumbnail->image = bare;
    return thumbnail;
}

static uint32_t read_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void write_le32(unsigned char *p, uint32_t value) {
    p[0] = value & 0xff;
    p[1] = (value >> 8) & 0xff;
    p[2] = (value >> 16) & 0xff;
    p[3] = (value >> 24) & 0xff;
}

/* Removes the EXIF, XMP and ICC chunks from a WebP file in place and returns its new length, or 0 if
 * the bytes are not a well-formed RIFF WebP. libvips 8.14's webpsave writes an EXIF chunk even with
 * "strip" (made up from the image's resolution). When nothing extended is left, the VP8X header goes
 * too, giving a plain "simple format" WebP. */
static size_t webp_without_metadata(unsigned char *bytes, size_t length) {
    if (length < 12 || memcmp(bytes, "RIFF", 4) != 0 || memcmp(bytes + 8, "WEBP", 4) != 0 ||
        (size_t)read_le32(bytes + 4) + 8 != length) {
        return 0;
    }
    size_t read = 12, write = 12, vp8x = 0;
    int has_vp8x = 0;
    while (read < length) {
        if (length - read < 8) {
            return 0;
        }
        size_t payload = read_le32(bytes + read + 4);
        size_t chunk = 8 + payload + (payload & 1);
        if (chunk > length - read) {
            return 0;
        }
        const unsigned char *kind = bytes + read;
        int metadata = memcmp(kind, "EXIF", 4) == 0 || memcmp(kind, "XMP ", 4) == 0 ||
                       memcmp(kind, "ICCP", 4) == 0;
        if (!metadata) {
            if (memcmp(kind, "VP8X", 4) == 0 && payload >= 10) {
                has_vp8x = 1;
                vp8x = write;
            }
            memmove(bytes + write, bytes + read, chunk);
            write += chunk;
        }
        read += chunk;
    }
    if (has_vp8x) {
        bytes[vp8x + 8] &= (unsigned char)~(0x20 | 0x08 | 0x04);  /* ICC, EXIF, XMP flags */
        if (bytes[vp8x + 8] == 0) {                             /* no alpha, no animation left */
            size_t vp8x_size = 8 + read_le32(bytes + vp8x + 4);
            vp8x_size += vp8x_size & 1;
            memmove(bytes + vp8x, bytes + vp8x + vp8x_size, write - vp8x - vp8x_size);
            write -= vp8x_size;
        }
    }
    write_le32(bytes + 4, (uint32_t)(write - 8));
    return write;
}

static int write_file(const char *path, const void *bytes, size_t length) {
    FILE *file = fopen(path, "wb");
    if (file == NULL) {
        vips_error_system(errno, "herald", "cannot create %s", path);
        return -1;
    }
    size_t written = fwrite(bytes, 1, length, file);
    int write_errno = errno;
    if (fclose(file) != 0 || written != length) {
        vips_error_system(written != length ? write_errno : errno, "herald", "cannot write %s", path);
        return -1;
    }
    return 0;
}

static int save_webp(VipsImage *image, const char *path, int quality) {
    void *buffer = NULL;
    size_t length = 0;
    if (vips_webpsave_buffer(image, &buffer, &length,
                             "Q", quality, "strip", TRUE, "smart_subsample", TRUE, NULL)) {
        return -1;
    }
    size_t stripped = webp_without_metadata(buffer, length);
    int failed = 0;
    if (stripped == 0) {
        vips_error("herald", "libwebp wrote an unexpected file layout");
        failed = -1;
    } else {
        failed = write_file(path, buffer, stripped);
    }
    g_free(buffer);
    return failed;
}

static int has_extension(const char *path, const char *extension) {
    const char *dot = strrchr(path, '.');
    return dot != NULL && strcasecmp(dot + 1, extension) == 0;
}

int herald_thumbnail_save(const herald_thumbnail *thumbnail, const char *output_path, int quality,
                          char *error, int error_size) {
    if (!started_ok(error, error_size)) {
        return -1;
    }
    if (thumbnail == NULL || quality < 1 || quality > 100) {
        vips_error("herald", "no thumbnail, or quality %d is not 1-100", quality);
        copy_error(error, error_size);
        return -1;
    }
    /* The image holds no metadata (see herald_thumbnail_decode); "strip" as well, for good measure. */
    int failed;
    if (has_extension(output_path, "webp")) {
        failed = save_webp(thumbnail->image, output_path, quality);
    } else if (has_extension(output_path, "jpg") || has_extension(output_path, "jpeg")) {
        failed = vips_jpegsave(thumbnail->image, output_path,
                               "Q", quality, "strip", TRUE, "optimize_coding", TRUE, NULL);
    } else {
        vips_error("herald", "%s: thumbnails are written as .webp or .jpg", output_path);
        failed = 1;
    }
    if (failed) {
        copy_error(error, error_size);
        return -1;
    }
    return 0;
}

void herald_thumbnail_free(herald_thumbnail *thumbnail) {
    if (thumbnail != NULL) {
        g_object_unref(thumbnail->image);
        g_free(thumbnail);
    }
}

int herald_thumbnail_write(const char *input_path, int width, int height, const char *output_path,
                           int quality, char *error, int error_size) {
    if (!started_ok(error, error_size)) {
        return -1;
    }
    /* Mapped, not read: the pages of a several-MB photo that shrink-on-load skips are never loaded. */
    GError *gerror = NULL;
    GMappedFile *file = g_mapped_file_new(input_path, FALSE, &gerror);
    if (file == NULL) {
        vips_error("herald", "%s", gerror ? gerror->message : input_path);
        g_clear_error(&gerror);
        copy_error(error, error_size);
        return -1;
    }
    herald_thumbnail *thumbnail = herald_thumbnail_decode(g_mapped_file_get_contents(file),
                                                          g_mapped_file_get_length(file),
                                                          width, height, error, error_size);
    g_mapped_file_unref(file);
    if (thumbnail == NULL) {
        return -1;
    }
    int status = herald_thumbnail_save(thumbnail, output_path, quality, error, error_size) == 0 ? 0 : -2;
    herald_thumbnail_free(thumbnail);
    return status;
}

int herald_image_average_color(const char *path, int x, int y, int w, int h, double rgb[3],
                               char *error, int error_size) {
    if (!started_ok(error, error_size)) {
        return -1;
    }
    VipsObject *context = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(context, 6);
    int failed = 1;
    if ((t[0] = vips_image_new_from_file(path, "fail", TRUE, NULL)) != NULL &&
        vips_extract_area(t[0], &t[1], x, y, w, h, NULL) == 0 &&
        vips_colourspace(t[1], &t[2], VIPS_INTERPRETATION_sRGB, NULL) == 0) {
        failed = 0;
        for (int band = 0; band < 3 && !failed; band++) {
            failed = vips_extract_band(t[2], &t[3 + band], band, NULL) ||
                     vips_avg(t[3 + band], &rgb[band], NULL);
        }
    }
    g_object_unref(context);
    if (failed) {
        copy_error(error, error_size);
        return -1;
    }
    return 0;
}
