// swift-tools-version:6.0
// The "bare HTTP ceiling" for bench/: a Hummingbird 2 server that answers every request with one
// fixed body, so the benchmark can show how much of this machine's HTTP capacity Arca uses.
import PackageDescription

let package = Package(
    name: "ceiling",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")
    ],
    targets: [
        .executableTarget(
            name: "ceiling",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/Ceiling"
        )
    ]
)
