import CHeraldSupport
import Foundation

public enum Memory {
    /// One malloc arena per core instead of glibc's eight per core: a large build's threads leave freed
    /// memory scattered over many arenas, which raised the peak of a 30,000-singer build by 15–25 MB.
    public static func limitArenasToCores() {
        _ = herald_limit_malloc_arenas(Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
