/// Hands memory the allocator holds but no longer uses back to the system. glibc keeps freed
/// blocks in its arenas, so after a burst (thousands of expired tokens revoked) the process would
/// stay at its peak size; `malloc_trim` releases the free pages of every arena.
enum FreeMemory {
    static func release() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)` (declared in <malloc.h>, which the Glibc module leaves out).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
