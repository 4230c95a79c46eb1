#include <pthread.h>
#include <string.h>
#include <vips/vips.h>
#include "CHeraldImaging.h"

static pthread_once_t started = PTHREAD_ONCE_INIT;
static int start_status = 0;

static void start_vips(void) {
    start_status = VIPS_INIT("herald");
    /* Herald reads one image at a time per task; a small cache keeps memory flat. */
    vips_cache_set_max(0);
}

static void copy_error(char *error, int error_size) {
    if (error && error_size > 0) {
        strncpy(error, vips_error_buffer(), (size_t)error_size - 1);
        error[error_size - 1] = '\0';
    }
    vips_error_clear();
}

int herald_image_read_info(const char *path, herald_image_info *info, char *error, int error_size) {
    pthread_once(&started, start_vips);
    if (start_status != 0) {
        copy_error(error, error_size);
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
