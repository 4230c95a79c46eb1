// swift-tools-version:6.0
// libFuzzer targets for Herald. Not part of the main package, so `swift build` / `swift test` at the
// repository root never see an entry point without `main`. Build and run with ./run-fuzzers.sh
// (or `make fuzz`); see README.md here.
import Foundation
import PackageDescription

// A path dependency's identity is the folder's name, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../..").standardizedFileURL
let heraldPackage = root.lastPathComponent

func fuzzer(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", "FuzzDriver", .product(name: "HeraldCore", package: heraldPackage)],
        swiftSettings: [.unsafeFlags(["-parse-as-library"])],
        // libFuzzer's runtime (and its `main`) only here: the plugin tool of the root package is an
        // executable too, and must keep its own `main`.
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
    )
}

let package = Package(
    name: "HeraldFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .target(name: "FuzzSupport"),
        .target(name: "FuzzDriver"),
        fuzzer("FuzzMarkdown"),
        fuzzer("FuzzYAMLLoaders"),
        fuzzer("FuzzVideoHeader"),
        fuzzer("FuzzCSVImport"),
    ]
)
