/// Lets the work already queued on the executor run before the caller goes on, as `Task.yield()`
/// would, but through the runtime's global enqueue, which the server hooks onto its event loops.
///
/// `Task.yield()` does not take that path on this toolchain: it hands the task to Dispatch's
/// global queue. Each such hand-off from an event loop allocates a Dispatch continuation on the
/// loop's heap, which Dispatch then keeps in its worker's cache instead of freeing: a burst of
/// expiring tokens left one small block per token spread over that heap (heaptrack: about 6,900
/// live after 6,900 tokens expired), and the pages holding them stayed resident after everything
/// else was freed. A detached empty task is enqueued, and its waiter resumed, through the hook.
enum QueuedWorkYield {
    static func yield() async {
        await Task.detached {}.value
    }
}
