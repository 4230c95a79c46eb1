// In debug builds SwiftPM renames an executable's entry point to `<Module>_main` and links with
// `--defsym main=<Module>_main` (so tests can link the module). A fuzzer has no `main` of its own —
// libFuzzer's is the one wanted — so each `<Module>_main` here hands over to libFuzzer's driver.
// In release builds no renaming happens and libFuzzer's own `main` is used; these go unused.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#define HERALD_FUZZER_MAIN(name) \
    int name##_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }

HERALD_FUZZER_MAIN(FuzzMarkdown)
HERALD_FUZZER_MAIN(FuzzYAMLLoaders)
HERALD_FUZZER_MAIN(FuzzVideoHeader)
HERALD_FUZZER_MAIN(FuzzCSVImport)
