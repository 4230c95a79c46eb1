// Nothing to import: this target only provides the entry points below to the fuzzer executables.
