// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "StatDeck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "statdeck", targets: ["statdeck"]),
        .executable(name: "statdeck-bench", targets: ["statdeck-bench"]),
        .library(name: "StudyCore", targets: ["StudyCore"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        // Reads and writes the ZIP container of Anki's .apkg packages.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Content, scheduler, store, engines, statistics. No terminal, deterministic.
        .target(name: "StudyCore"),
        // Elm-style screens rendering into a Canvas of styled cells. No curses.
        .target(name: "TerminalUI", dependencies: ["StudyCore"]),
        // ncursesw headers and link flags, plus a shim for what Swift cannot import.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        // The only code that touches the terminal: flushes a Canvas, reads keys.
        .target(name: "TerminalBackend", dependencies: ["CNcursesw", "TerminalUI"]),
        // The system SQLite (Anki collections are SQLite databases) and zstd (collection.anki21b
        // is zstd-compressed), both from Debian's -dev packages.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZstd", providers: [.apt(["libzstd-dev"])]),
        // Anki .apkg packages: reading (legacy and current collections) and writing.
        .target(name: "AnkiPackage", dependencies: [
            "StudyCore", "CSQLite", "CZstd", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .executableTarget(
            name: "statdeck",
            dependencies: [
                "StudyCore", "TerminalUI", "TerminalBackend", "AnkiPackage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "statdeck-bench",
            dependencies: [
                "StudyCore", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures and snapshots are read through #filePath, not bundled as resources.
        .testTarget(name: "StudyCoreTests", dependencies: ["StudyCore"], exclude: ["Fixtures"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "StudyCore"], exclude: ["Snapshots"]),
        // Key decoding and width checks against glibc; never starts curses on a real terminal.
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend", "TerminalUI", "CNcursesw"]),
        // Runs the built `statdeck` binary as a user would (CLI and tmux end-to-end tests).
        .testTarget(name: "StatDeckCLITests", dependencies: ["StudyCore"]),
    ],
    swiftLanguageModes: [.v6]
)
