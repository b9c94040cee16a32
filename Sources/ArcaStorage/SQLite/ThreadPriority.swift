#if canImport(Glibc)
import Glibc
#endif

/// The scheduling priority of the calling thread alone (Linux threads have their own nice value).
enum ThreadPriority {
    /// Sets the calling thread's nice value to `nice` (higher: gives way sooner). Best effort.
    static func setCurrent(nice: Int32) {
        #if os(Linux)
        // The thread id, from /proc/thread-self -> "<pid>/task/<tid>" (Glibc's module has no gettid).
        var link = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/thread-self", &link, link.count - 1)
        guard n > 0 else { return }
        let text = String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let last = text.split(separator: "/").last, let tid = id_t(last) else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), tid, nice)
        #endif
    }
}
