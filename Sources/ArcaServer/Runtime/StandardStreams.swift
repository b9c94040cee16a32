#if canImport(Glibc)
import Glibc
#endif

/// Writes to the process's standard streams without touching libc's global `FILE*` variables,
/// which strict concurrency rightly flags.
package enum StandardStreams {
    package static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    package static func flushOutput() {
        #if canImport(Glibc)
        fflush(nil)
        #endif
    }
}
