import ArcaSDK
import FoundationEssentials
import Logging
import Synchronization

/// Expiry: the timer task that revokes due leases, and the restore of the schedule after unseal.
extension ExpirationManager {
    /// Revokes every lease whose time has come. The timer task calls it; tests call it directly.
    ///
    /// Due tokens are revoked several at a time, so their commits share fsyncs (group commit);
    /// a token's revocation holds its lock, so a parent and a child expiring together do not
    /// revoke the child's secrets twice. Due secrets follow one at a time, once the tokens are
    /// done, so a secret is never revoked by its token and by its own expiry at once.
    /// Returns how many due leases the pass took.
    @discardableResult
    package func tick() async -> Int {
        // One pass at a time: a caller's tick returns once every lease due when it ran is done,
        // even if the timer's pass had taken some of them.
        let done = (try? await tickLock.withLock { [self] in await tickLocked() }) ?? 0
        if done > 0 { activity.note() }
        return done
    }

    private func tickLocked() async -> Int {
        let due = queue.popDue(now: now, limit: 1000)
        guard !due.isEmpty else { return 0 }
        let secrets = await withTaskGroup(of: String?.self) { group in
            var secrets: [String] = []
            var running = 0
            for id in due {
                if running == Self.concurrentRevocations, let next = await group.next() {
                    running -= 1
                    if let secret = next { secrets.append(secret) }
                }
                group.addTask { await self.expireIfToken(id) }
                running += 1
            }
            for await next in group { if let secret = next { secrets.append(secret) } }
            return secrets
        }
        for (n, id) in secrets.enumerated() {
            // Requests share the event loops with this pass: on a store that never suspends (in
            // memory), let them in between revocations instead of after a whole batch.
            if n % Self.revocationsPerYield == Self.revocationsPerYield - 1 { await QueuedWorkYield.yield() }
            do {
                guard let entry = try await store.get(id), !entry.isIrrevocable else { continue }
                if entry.expireTime > now && entry.revokeAttempts == 0 {
                    schedule(entry)  // renewed since it was scheduled
                } else {
                    try? await revoke(entry, force: false)
                }
            } catch {
                if barrier.isSealed { return due.count }
                logger.warning("lease expiry failed", metadata: ["lease_id": "\(id)", "error": "\(Self.describe(error))"])
            }
        }
        return due.count
    }

    /// Expires the due lease `id` if it is a token's; returns it if it is a secret's.
    private func expireIfToken(_ id: String) async -> String? {
        await QueuedWorkYield.yield()
        do {
            guard let entry = try await store.get(id), !entry.isIrrevocable else { return nil }
            guard entry.kind == .token else { return id }
            try await expireToken(entry)
        } catch {
            if !barrier.isSealed {
                logger.warning("lease expiry failed", metadata: ["lease_id": "\(id)", "error": "\(Self.describe(error))"])
            }
        }
        return nil
    }

    /// A token lease is due: revoke the token unless it was renewed meanwhile.
    private func expireToken(_ entry: LeaseEntry) async throws {
        guard let token = try await tokens.rawEntry(hash: entry.tokenHash) else {
            try await store.delete(entry)
            return
        }
        if token.expireTime > 0 && Double(token.expireTime) > now {
            var moved = entry
            moved.expireTime = Double(token.expireTime)
            try await store.put(moved)
            schedule(moved)
            return
        }
        try await revoke(entry, force: false)
    }

    /// Starts the timer and, beside it, the restore of the schedule from storage (after unseal).
    package func start() {
        stop()
        restoreState.withLock { $0 = RestoreState() }
        let restoreTask = Task { [self] in await restoreSchedule() }
        let timerTask = Task { [self] in await runTimer() }
        tasks.withLock { $0 = [restoreTask, timerTask] }
    }

    /// Stops the timer and forgets the schedule (before seal).
    package func stop() {
        let running = tasks.withLock { t in
            defer { t = [] }
            return t
        }
        for task in running { task.cancel() }
        queue.removeAll()
    }

    private func runTimer() async {
        var sinceTrim = 0
        while !Task.isCancelled {
            let done = await tick()
            sinceTrim += done
            // A burst of expiries is over: give the storage caches it filled and the memory it
            // freed back to the system.
            if done == 0 && sinceTrim >= Self.trimAfterRevocations {
                await barrier.releaseMemory()
                FreeMemory.release()
                sinceTrim = 0
            }
            let next = queue.nextDeadline()
            let wait = next.map { min(Self.maxSleep, max(0.01, $0 - now)) } ?? Self.maxSleep
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    /// Loads every lease into the schedule; overdue ones come due at once and the timer revokes them.
    func restoreSchedule() async {
        let started = ContinuousClock.now
        var count = 0
        do {
            try await store.walk { id in
                if Task.isCancelled { throw CancellationError() }
                guard let entry = try await store.get(id), !entry.isIrrevocable else { return }
                // A lease already rescheduled by a renewal keeps the later deadline.
                queue.scheduleIfAbsent(id, at: entry.expireTime)
                count += 1
            }
        } catch {
            if !Task.isCancelled {
                logger.error("restoring leases failed", metadata: ["error": "\(Self.describe(error))"])
            }
            return
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        restoreState.withLock { $0 = RestoreState(finished: true, restored: count, seconds: seconds) }
        logger.info("leases restored", metadata: ["count": "\(count)", "seconds": "\(seconds)"])
    }
}
