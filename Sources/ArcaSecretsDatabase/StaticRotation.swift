import ArcaSDK
import ArcaWire

/// Rotates static roles' passwords when due. Runs from the engine's periodic function, so the
/// queue is the stored roles themselves: it survives restarts, and a failed rotation keeps the
/// password that works and is retried with backoff.
struct StaticRotation: Sendable {
    let engine: DatabaseBackend

    /// When the role is next due (Unix seconds), or nil when it has never been rotated.
    static func nextRotation(_ role: StaticRole) -> Double? {
        guard role.lastRotation > 0 else { return nil }
        if role.rotationPeriod > 0 { return role.lastRotation + Double(role.rotationPeriod) }
        return CronSchedule(role.rotationSchedule)?.next(after: role.lastRotation)
    }

    /// Sets a new password in the database with the rotation statements; the role carries it only
    /// once the database accepted it.
    func rotate(_ role: StaticRole, config: DatabaseConfig, request: LogicalRequest) async throws -> StaticRole {
        let password = try await engine.newPassword(request, config)
        let statements = role.rotationStatements.isEmpty ? DatabaseBackend.defaultRotation : role.rotationStatements
        try await engine.execute(config, try StatementTemplate.render(statements, values: [
            "name": role.username, "username": role.username, "password": engine.passwordValue(password, config),
        ]))
        var rotated = role
        rotated.password = password
        rotated.lastRotation = engine.unixNow
        rotated.retryAt = 0
        rotated.failedAttempts = 0
        return rotated
    }

    func run(_ req: LogicalRequest) async throws {
        let now = engine.unixNow
        for name in try await req.storage.list(prefix: StaticRole.prefix) where !name.hasSuffix("/") {
            guard var role = try await engine.staticRole(req, name) else { continue }
            guard let next = Self.nextRotation(role), next <= now, role.retryAt <= now else { continue }
            if !role.rotationSchedule.isEmpty && role.rotationWindow > 0, let cron = CronSchedule(role.rotationSchedule) {
                // Only inside the window after the latest scheduled time; otherwise wait for the next one.
                var latest = next
                while let n = cron.next(after: latest), n <= now { latest = n }
                if now > latest + Double(role.rotationWindow) { continue }
            }
            guard let config = try await engine.config(req, role.dbName) else { continue }
            do {
                role = try await rotate(role, config: config, request: req)
            } catch {
                role.failedAttempts += 1
                role.retryAt = now + min(300, Double(1 << min(role.failedAttempts, 8)))
            }
            try await req.storage.putJSON(StaticRole.prefix + name, role.storageJSON)
        }
    }
}
