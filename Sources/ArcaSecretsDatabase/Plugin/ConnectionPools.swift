import ArcaSDK

/// The open pools of one mount, by connection name. A pool is made on first use from the stored
/// config and replaced when the config changes (a new root password after rotation, for example).
actor ConnectionPools {
    private var pools: [String: PostgresPool] = [:]

    func pool(for config: DatabaseConfig) throws -> PostgresPool {
        let url = try ConnectionURL.parse(config.connectionURL, username: config.username, password: config.password)
        let fingerprint = "\(url.host)|\(url.port)|\(url.database)|\(url.user)|\(url.password.hashValue)|\(url.sslMode)|\(url.sslRootCert)"
            + "|\(config.maxOpenConnections)|\(config.maxConnectionLifetime)"
        if let existing = pools[config.name], existing.fingerprint == fingerprint { return existing }
        pools[config.name]?.close()
        let pool = try PostgresPool(
            url: url, maxConnections: config.maxOpenConnections, idleTimeout: config.maxConnectionLifetime,
            fingerprint: fingerprint)
        pools[config.name] = pool
        return pool
    }

    func close(_ name: String) {
        pools.removeValue(forKey: name)?.close()
    }

    func closeAll() {
        for pool in pools.values { pool.close() }
        pools = [:]
    }
}
