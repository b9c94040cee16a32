// swift-tools-version:6.2
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let nio = "https://github.com/apple/swift-nio.git"

let package = Package(
    name: "arca",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "arca", targets: ["arca"]),
        .library(name: "ArcaSDK", targets: ["ArcaSDK"]),
        .library(name: "ArcaAPI", targets: ["ArcaAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: nio, from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // Only for tests that need real certificates (TLS of the outbound HTTP client).
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // Wire types shared by server and client. No dependencies.
        .target(name: "ArcaWire"),
        // The engine SDK: request/response model, storage protocol, path DSL.
        .target(name: "ArcaSDK", dependencies: [
            "ArcaWire",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // HCL parser for policies and server configuration.
        .target(name: "HCL"),
        // Cryptographic primitives: AES-GCM cells, Shamir, constant-time compare, entropy.
        .target(name: "ArcaCrypto", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Physical storage: protocol, in-memory and SQLite backends.
        .target(name: "ArcaStorage", dependencies: [
            // Only for the SQLite library it compiles in; the bindings are our own (SQLiteHandle).
            .product(name: "SQLiteNIO", package: "sqlite-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Secrets engines: each imports only the SDK.
        .target(name: "ArcaSecretsKV", dependencies: ["ArcaSDK", "ArcaWire"]),
        .target(name: "ArcaSecretsCubbyhole", dependencies: ["ArcaSDK", "ArcaWire"]),
        .target(name: "ArcaSecretsTransit", dependencies: [
            "ArcaSDK", "ArcaWire",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "ArcaSecretsDatabase", dependencies: [
            "ArcaSDK", "ArcaWire",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // JOSE helpers shared by the token-based auth methods (JWT, Kubernetes): compact JWS,
        // key parsing (PEM, JWK), signature checks through JWTKit, Vault's claim and time rules.
        .target(name: "ArcaAuthSupport", dependencies: [
            "ArcaWire",
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        // Auth methods: each imports only the SDK (and its own third-party libraries).
        .target(name: "ArcaAuthJWT", dependencies: ["ArcaSDK", "ArcaWire", "ArcaAuthSupport"]),
        .target(name: "ArcaAuthKubernetes", dependencies: ["ArcaSDK", "ArcaWire", "ArcaAuthSupport"]),
        .target(name: "ArcaAuthUserpass", dependencies: ["ArcaSDK", "ArcaWire"]),
        .target(name: "ArcaAuthAppRole", dependencies: ["ArcaSDK", "ArcaWire"]),
        // The core: barrier, seal, sys backend.
        .target(name: "ArcaCore", dependencies: [
            "ArcaWire", "ArcaSDK", "ArcaCrypto", "ArcaStorage", "HCL",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Auto-unseal seals (AWS KMS with SigV4, transit): wrap the root key through an outside service.
        .target(name: "ArcaSeals", dependencies: [
            "ArcaCore", "ArcaCrypto", "ArcaSDK", "ArcaWire",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Hummingbird adapter.
        .target(name: "ArcaHTTP", dependencies: [
            "ArcaCore", "ArcaWire",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Composition root: configuration, dev mode, service wiring.
        .target(name: "ArcaServer", dependencies: [
            "ArcaCore", "ArcaHTTP", "ArcaStorage", "HCL", "ArcaSDK", "ArcaWire", "ArcaCrypto", "ArcaSecretsKV",
            "ArcaSecretsCubbyhole", "ArcaSecretsDatabase", "ArcaSecretsTransit", "ArcaSeals", "ArcaAuthUserpass", "ArcaAuthAppRole", "ArcaAuthJWT",
            "ArcaAuthKubernetes",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Client library used by the CLI.
        .target(name: "ArcaAPI", dependencies: [
            "ArcaWire",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Sets the Swift runtime's global-enqueue hook (found at link time, not with dlsym).
        .target(name: "CArcaExecutorHook"),
        // The command tree.
        .target(name: "ArcaCLI", dependencies: [
            "ArcaAPI", "ArcaWire", "ArcaServer", "HCL", "CArcaExecutorHook",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Release builds on Linux link with lld, pack relative relocations (DT_RELR, glibc >= 2.36)
        // and export no dynamic symbols: the loader then touches about 6 MiB less of the binary at
        // start, so an idle server is that much smaller. Debug builds keep the toolchain's defaults.
        .executableTarget(
            name: "arca", dependencies: ["ArcaCLI"],
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                    .when(platforms: [.linux], configuration: .release))
            ]),
        // Test support for the auth methods: in-memory storage, a settable clock, signing keys.
        .target(name: "ArcaAuthTesting", dependencies: [
            "ArcaSDK", "ArcaWire",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // Fuzzing: a seeded deterministic mutator and runner (no dependencies), the targets over
        // the parsers and checks (docs/fuzzing.md), their driver for long runs (scripts/fuzz).
        .target(name: "ArcaFuzzing"),
        .target(name: "ArcaFuzzTargets", dependencies: [
            "ArcaFuzzing", "ArcaWire", "HCL", "ArcaSDK", "ArcaCore", "ArcaHTTP", "ArcaCrypto", "ArcaAuthSupport", "ArcaAuthTesting",
        ]),
        .executableTarget(name: "arca-fuzz", dependencies: ["ArcaFuzzTargets", "ArcaFuzzing"]),
        // Test support shared by the test targets.
        .target(name: "ArcaTesting", dependencies: [
            "ArcaStorage", "ArcaCore", "ArcaSDK", "ArcaCrypto", "ArcaSecretsKV", "ArcaSecretsCubbyhole", "ArcaWire",
        ]),

        .testTarget(name: "ArcaWireTests", dependencies: ["ArcaWire"]),
        .testTarget(name: "HCLTests", dependencies: ["HCL"]),
        .testTarget(name: "ArcaSDKTests", dependencies: ["ArcaSDK", "ArcaWire", "ArcaTesting", "ArcaFuzzing"]),
        .testTarget(name: "ArcaSecretsKVTests", dependencies: ["ArcaSecretsKV", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaSecretsCubbyholeTests", dependencies: ["ArcaSecretsCubbyhole", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaSecretsTransitTests", dependencies: [
            "ArcaSecretsTransit", "ArcaSDK", "ArcaWire",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "ArcaSealsTests", dependencies: ["ArcaSeals", "ArcaCore", "ArcaCrypto", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaSecretsDatabaseTests", dependencies: ["ArcaSecretsDatabase", "ArcaSDK", "ArcaWire", "ArcaFuzzing"]),
        .testTarget(name: "ArcaFuzzTests", dependencies: ["ArcaFuzzTargets", "ArcaFuzzing"]),
        .testTarget(name: "ArcaAuthJWTTests", dependencies: [
            "ArcaAuthJWT", "ArcaAuthSupport", "ArcaAuthTesting", "ArcaSDK", "ArcaWire",
        ]),
        .testTarget(name: "ArcaAuthKubernetesTests", dependencies: [
            "ArcaAuthKubernetes", "ArcaAuthTesting", "ArcaSDK", "ArcaWire",
        ]),
        .testTarget(name: "ArcaAuthUserpassTests", dependencies: ["ArcaAuthUserpass", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaAuthAppRoleTests", dependencies: ["ArcaAuthAppRole", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaCryptoTests", dependencies: ["ArcaCrypto"]),
        .testTarget(name: "ArcaStorageTests", dependencies: ["ArcaStorage", "ArcaTesting"]),
        .testTarget(name: "ArcaCoreTests", dependencies: ["ArcaCore", "ArcaTesting", "ArcaStorage", "ArcaCrypto", "ArcaSDK", "ArcaWire"]),
        .testTarget(name: "ArcaHTTPTests", dependencies: [
            "ArcaHTTP", "ArcaCore", "ArcaTesting", "ArcaServer",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            "ArcaWire", "ArcaStorage",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "ArcaServerTests", dependencies: [
            "ArcaServer", "HCL", "ArcaSDK",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ]),
        .testTarget(name: "ArcaCLITests", dependencies: [
            "ArcaCLI", "ArcaAPI", "ArcaWire",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}
