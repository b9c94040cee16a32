#if canImport(Glibc)
import Glibc
#endif

/// Keeps key material out of core files: at start-up the server makes itself non-dumpable
/// (`prctl(PR_SET_DUMPABLE, 0)`, which also keeps other processes of the same user from reading
/// its memory through ptrace or `/proc/<pid>/mem`) and sets `RLIMIT_CORE` to zero, unless the
/// configuration says `disable_core_dump_protection = true` (for debugging a crash).
package enum CoreDumps {
    // <linux/prctl.h>; not exported by Swift's Glibc module.
    private static let prSetDumpable: Int32 = 4
    private static let prGetDumpable: Int32 = 3

    /// Turns core dumps off for this process. Throws when the kernel refuses.
    package static func disable() throws {
        #if os(Linux)
        guard let prctl = Self.prctl else {
            throw ConfigError(message: "cannot turn core dumps off: prctl is unavailable")
        }
        if prctl(prSetDumpable, 0, 0, 0, 0) != 0 {
            throw ConfigError(message: "cannot turn core dumps off (prctl PR_SET_DUMPABLE: \(String(cString: strerror(errno))))")
        }
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        if setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none) != 0 {
            throw ConfigError(message: "cannot turn core dumps off (setrlimit RLIMIT_CORE: \(String(cString: strerror(errno))))")
        }
        #endif
    }

    /// The process's dumpable flag (`prctl(PR_GET_DUMPABLE)`): 0 once ``disable()`` has run;
    /// nil where it cannot be read.
    package static var dumpable: Int32? {
        #if os(Linux)
        guard let prctl = Self.prctl else { return nil }
        let value = prctl(prGetDumpable, 0, 0, 0, 0)
        return value < 0 ? nil : value
        #else
        return nil
        #endif
    }

    /// The soft and hard core-file size limits.
    package static var coreLimit: (soft: UInt64, hard: UInt64)? {
        #if os(Linux)
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &current) == 0 else { return nil }
        return (UInt64(current.rlim_cur), UInt64(current.rlim_max))
        #else
        return nil
        #endif
    }

    #if os(Linux)
    /// `prctl` is variadic in C, so Swift cannot call it directly; on Linux's x86-64 and arm64
    /// calling conventions a variadic function taking integer arguments can be called through a
    /// fixed-argument pointer.
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    private static var prctl: Prctl? {
        guard let symbol = dlsym(nil, "prctl") else { return nil }
        return unsafeBitCast(symbol, to: Prctl.self)
    }
    #endif
}
