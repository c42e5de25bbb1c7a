// swift-tools-version:6.1
// dun — accounts-receivable collections around a customer-complaint feedback loop.

import PackageDescription

let package = Package(
    name: "dun",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dun", targets: ["dun"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // Letters and emails are written by translators and collectors as Mustache templates.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // The shared domain: money, days, customers, invoices, holds and the collections rules.
        .target(name: "Receivables"),
        // The complaint feedback loop: taxonomy, disputes, routing, recurrence, the weekly report model.
        .target(name: "Complaints", dependencies: ["Receivables"]),
        // What the use cases need from storage: protocols by aggregate, read models, the stamp and
        // the storage errors, in domain values. No engine types, no SQL.
        .target(name: "LedgerPort", dependencies: ["Receivables", "Complaints"]),
        // Persistence on SQLite through GRDB: schema, migrations, queries, the audit journal.
        .target(
            name: "Store",
            dependencies: [
                "Receivables", "Complaints", "LedgerPort",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API itself, for the reused-statement bulk loads.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // PostgreSQL's C client, libpq (Debian: libpq-dev), found with pkg-config.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // The PostgreSQL engine on libpq: connections, statements, COPY; conforms to LedgerPort.
        .target(name: "PostgresStore", dependencies: ["CLibPQ", "LedgerPort", "Receivables", "Complaints"]),
        // `dun ledger copy`: a SQLite ledger into PostgreSQL, verified.
        .target(name: "LedgerCopy", dependencies: ["Store", "PostgresStore"]),
        // Files in and out: CSV, taxonomy YAML, and the text/CSV/JSON/Markdown renderers.
        .target(
            name: "Interchange",
            dependencies: ["Receivables", "Complaints", .product(name: "Yams", package: "Yams")]),
        // Correspondence: letters and RFC 5322 emails from templates, the outbox and its delivery.
        .target(
            name: "Correspondence",
            dependencies: ["Receivables", "Interchange", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Templates"]),
        // The use cases: one function per user action, each one transaction.
        .target(
            name: "DunKit", dependencies: ["Receivables", "Complaints", "LedgerPort", "Interchange", "Correspondence"]),
        // The command-line interface: parses, calls one use case, renders, maps errors to exit codes.
        .executableTarget(
            name: "dun",
            dependencies: [
                "DunKit", "LedgerPort", "Store", "PostgresStore", "LedgerCopy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "ReceivablesTests", dependencies: ["Receivables"]),
        .testTarget(name: "ComplaintsTests", dependencies: ["Complaints"]),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "LedgerPort", "Complaints", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "InterchangeTests", dependencies: ["Interchange", "Receivables"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CorrespondenceTests", dependencies: ["Correspondence"]),
        .testTarget(name: "DunKitTests", dependencies: ["DunKit", "LedgerPort", "Store"]),
        // Against a real server: $DUN_TEST_POSTGRES_URL (scripts/with-postgres starts one).
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "Store", "LedgerPort", "LedgerCopy", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The ledger port's contract, on each engine (PostgreSQL beside $DUN_TEST_POSTGRES_URL).
        .testTarget(
            name: "LedgerPortTests",
            dependencies: ["LedgerPort", "Store", "PostgresStore", "Receivables", "Complaints"]),
        // Runs the built `dun` executable end to end on temporary ledgers and reads its JSON.
        .testTarget(name: "EndToEndTests", dependencies: ["dun", "PostgresStore"]),
    ],
    swiftLanguageModes: [.v6]
)
