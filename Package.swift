// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Dialer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dialerd", targets: ["dialerd"]),
        .executable(name: "dialer-sim", targets: ["dialer-sim"]),
        .executable(name: "dialerctl", targets: ["dialerctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CMongoc", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "DialerCore"),
        .target(name: "DialerStore", dependencies: [
            "DialerCore", "CMongoc",
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "DialerTelephony", dependencies: [
            "DialerCore", "CCurl", "COpenSSL",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "DialerSim", dependencies: [
            "DialerCore", "DialerTelephony",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "DialerWebhooks", dependencies: [
            "DialerCore", "DialerStore", "DialerTelephony",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "DialerEngine", dependencies: [
            "DialerCore", "DialerStore", "DialerTelephony",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "DialerSheets", dependencies: [
            "DialerCore", "DialerStore", "DialerTelephony",
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "dialerd", dependencies: [
            "DialerCore", "DialerStore", "DialerTelephony", "DialerEngine", "DialerWebhooks", "DialerControl", "DialerSheets",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "dialer-sim", dependencies: [
            "DialerCore", "DialerTelephony", "DialerSim",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "DialerControl", dependencies: [
            "DialerCore", "DialerStore", "DialerEngine", "DialerTelephony", "DialerSheets",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "dialerctl", dependencies: [
            "DialerControl", "DialerCore", "DialerSheets",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "dialer-bench", dependencies: [
            "DialerCore", "DialerTelephony", "DialerSim", "DialerStore", "DialerEngine", "DialerSheets",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "DialerCoreTests", dependencies: ["DialerCore"]),
        .testTarget(name: "DialerStoreTests", dependencies: ["DialerCore", "DialerStore"]),
        .testTarget(name: "DialerEndToEndTests", dependencies: ["DialerCore", "DialerStore", "DialerSim", "DialerTelephony"]),
        .testTarget(name: "DialerEngineTests", dependencies: ["DialerEngine", "DialerCore", "DialerStore", "DialerTelephony"]),
        .testTarget(name: "DialerTelephonyTests", dependencies: [
            "DialerTelephony", "DialerCore", "DialerSim",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DialerWebhooksTests", dependencies: [
            "DialerWebhooks", "DialerCore", "DialerStore", "DialerTelephony", "DialerSim",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DialerControlTests", dependencies: [
            "DialerControl", "DialerCore", "DialerStore", "DialerEngine", "DialerTelephony", "DialerSheets",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DialerSheetsTests", dependencies: [
            "DialerSheets", "DialerSim", "DialerTelephony", "DialerCore", "DialerStore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DialerSimTests", dependencies: [
            "DialerSim", "DialerTelephony", "DialerCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
