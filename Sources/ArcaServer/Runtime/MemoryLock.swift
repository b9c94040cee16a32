#if canImport(Glibc)
import Glibc
#endif

/// Locks the process's memory so key material is never swapped to disk (`mlockall`),
/// unless the configuration says `disable_mlock = true`.
package enum MemoryLock {
    package static func lockAll() throws {
        #if canImport(Glibc)
        if mlockall(Int32(MCL_CURRENT | MCL_FUTURE)) != 0 {
            let reason = String(cString: strerror(errno))
            throw ConfigError(
                message: """
                    failed to lock memory (mlockall: \(reason)). Run with the IPC_LOCK capability, \
                    or set disable_mlock = true in the configuration (not recommended in production)
                    """)
        }
        #endif
    }
}
