// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Dialer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dialerd", targets: ["dialerd"]),
        .executable(name: "dialer-sim", targets: ["dialer-sim"]),
        .executable(name: "dialerctl", targets: ["dialerctl"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1")
    ],
    targets: [
        .systemLibrary(name: "CMongoc", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        .target(name: "DialerCore"),
        .target(
            name: "DialerStore",
            dependencies: [
                "DialerCore", "CMongoc",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // The HTTP client on libcurl (one driver thread) and the HTTP wire formats it carries.
        .target(name: "DialerHTTP", dependencies: ["DialerCore", "CCurl"]),
        // Hashes, HMAC, RSA signatures and their encodings, on libcrypto.
        .target(name: "DialerCrypto", dependencies: ["COpenSSL"]),
        .target(
            name: "DialerTelephony",
            dependencies: [
                "DialerCore", "DialerHTTP", "DialerCrypto",
                .product(name: "NIOCore", package: "swift-nio")
            ]),
        // Uses DialerTelephony for the providers' wire contracts it must speak exactly as they
        // do: the callback signatures and Twilio's connection-override fragment.
        .target(
            name: "DialerSim",
            dependencies: [
                "DialerCore", "DialerHTTP", "DialerCrypto", "DialerTelephony",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .target(
            name: "DialerWebhooks",
            dependencies: [
                "DialerCore", "DialerStore", "DialerHTTP", "DialerCrypto", "DialerTelephony", "DialerMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),

        .target(
            name: "DialerEngine",
            dependencies: [
                "DialerCore", "DialerStore", "DialerHTTP", "DialerTelephony", "DialerMetrics",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),

        .target(
            name: "DialerNotify",
            dependencies: [
                "DialerCore", "DialerStore", "DialerHTTP", "DialerCrypto",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .target(
            name: "DialerSheets",
            dependencies: [
                "DialerCore", "DialerStore", "DialerHTTP", "DialerCrypto",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),

        .executableTarget(
            name: "dialerd",
            dependencies: [
                "DialerCore", "DialerStore", "DialerHTTP", "DialerTelephony", "DialerEngine", "DialerWebhooks", "DialerControl", "DialerSheets",
                "DialerNotify", "DialerOperator", "DialerOperations", "DialerAPI",
                "DialerMetrics", "DialerLogging",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .executableTarget(
            name: "dialer-sim",
            dependencies: [
                "DialerCore", "DialerSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // The operator-facing protocol (`OperatorBackend`), its results, error codes and the campaign
        // import's checks: DialerCore only, so every transport and client can link it.
        .target(name: "DialerOperator", dependencies: ["DialerCore"]),
        // `OperatorBackend` on the engine and the store: campaign actions, detail, ETA, imports.
        .target(
            name: "DialerOperations",
            dependencies: ["DialerOperator", "DialerCore", "DialerStore", "DialerEngine", "DialerTelephony", "DialerSheets", "DialerCrypto"]),
        // The control socket (server and client): a transport over `OperatorBackend`. It must not
        // reach the store, engine or providers: dialerctl links it, and no C library with it.
        .target(
            name: "DialerControl",
            dependencies: [
                "DialerOperator", "DialerCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // The operator HTTP API: the route table, its authentication and its OpenAPI document (transport only).
        .target(
            name: "DialerAPI",
            dependencies: [
                "DialerCore", "DialerStore", "DialerCrypto", "DialerOperator", "DialerWebhooks", "DialerTelephony", "DialerHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .executableTarget(
            name: "dialerctl",
            dependencies: [
                "DialerControl", "DialerOperator", "DialerCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(
            name: "dialer-bench",
            dependencies: [
                "DialerCore", "DialerHTTP", "DialerTelephony", "DialerSim", "DialerStore", "DialerEngine", "DialerSheets", "DialerAPI",
                "DialerCrypto", "DialerOperations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log")
            ]),

        // Metric definitions and metering decorators: swift-metrics' API only, so any factory
        // (Prometheus in dialerd, a private registry in tests) can back them.
        .target(
            name: "DialerMetrics",
            dependencies: [
                "DialerCore", "DialerStore", "DialerTelephony",
                .product(name: "Metrics", package: "swift-metrics")
            ]),
        // Log output: JSON lines or text, with configured secrets scrubbed from every line.
        .target(
            name: "DialerLogging",
            dependencies: [
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerMetricsTests",
            dependencies: [
                "DialerMetrics", "DialerCore", "DialerStore", "DialerTelephony",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics")
            ]),
        // dialerd's own configuration (`ServeConfiguration`, `Setting`), tested where it lives.
        .testTarget(name: "dialerdTests", dependencies: ["dialerd"]),
        .testTarget(
            name: "DialerLoggingTests",
            dependencies: [
                "DialerLogging",
                .product(name: "Logging", package: "swift-log")
            ]),
        .target(name: "DialerTestSupport", dependencies: ["DialerStore"], path: "Tests/DialerTestSupport"),

        .testTarget(name: "DialerCoreTests", dependencies: ["DialerCore"]),
        .testTarget(name: "DialerStoreTests", dependencies: ["DialerCore", "DialerStore", "DialerTestSupport"]),
        .testTarget(
            name: "DialerEndToEndTests",
            dependencies: ["DialerCore", "DialerStore", "DialerSim", "DialerHTTP", "DialerCrypto", "DialerControl", "DialerTestSupport"]),
        .testTarget(
            name: "DialerEngineTests",
            dependencies: [
                "DialerEngine", "DialerCore", "DialerStore", "DialerTelephony", "DialerHTTP", "DialerTestSupport", "DialerSim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird")
            ]),
        .testTarget(
            name: "DialerSimulationTests",
            dependencies: [
                "DialerEngine", "DialerCore", "DialerStore", "DialerTelephony", "DialerWebhooks",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerHTTPTests",
            dependencies: [
                "DialerHTTP", "DialerCrypto", "DialerCore", "DialerTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerNotifyTests",
            dependencies: [
                "DialerNotify", "DialerCore", "DialerStore", "DialerHTTP", "DialerCrypto", "DialerSim", "DialerTestSupport",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(name: "DialerCryptoTests", dependencies: ["DialerCrypto", "DialerTestSupport"]),
        .testTarget(
            name: "DialerTelephonyTests",
            dependencies: [
                "DialerTestSupport",
                "DialerTelephony", "DialerHTTP", "DialerCore", "DialerSim",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerWebhooksTests",
            dependencies: [
                "DialerWebhooks", "DialerCore", "DialerStore", "DialerHTTP", "DialerTelephony", "DialerSim", "DialerTestSupport",
                .product(name: "Logging", package: "swift-log")
            ]),
        // The socket as a transport, over a fake `OperatorBackend`; and dialerctl's output and linkage.
        .testTarget(
            name: "DialerControlTests",
            dependencies: [
                "DialerControl", "DialerOperator", "DialerCore", "DialerTestSupport",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(name: "DialerOperatorTests", dependencies: ["DialerOperator", "DialerCore", "DialerTestSupport"]),
        // The engine-backed backend, driven through the socket and dialerctl as operators use it.
        .testTarget(
            name: "DialerOperationsTests",
            dependencies: [
                "DialerOperations", "DialerOperator", "DialerControl", "DialerCore", "DialerStore", "DialerEngine", "DialerTelephony",
                "DialerSheets", "DialerTestSupport", "DialerCrypto",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerAPITests",
            dependencies: [
                "DialerAPI", "DialerOperator", "DialerCore", "DialerStore", "DialerHTTP", "DialerCrypto", "DialerWebhooks", "DialerTelephony",
                "DialerTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus")
            ]),
        .testTarget(
            name: "DialerSheetsTests",
            dependencies: [
                "DialerTestSupport",
                "DialerSheets", "DialerSim", "DialerHTTP", "DialerCrypto", "DialerCore", "DialerStore",
                .product(name: "Logging", package: "swift-log")
            ]),
        .testTarget(
            name: "DialerSimTests",
            dependencies: [
                "DialerSim", "DialerHTTP", "DialerCrypto", "DialerCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log")
            ])
    ],
    swiftLanguageModes: [.v6]
)
