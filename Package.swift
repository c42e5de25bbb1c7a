// swift-tools-version:6.1
// dun — accounts-receivable collections around a customer-complaint feedback loop.

import PackageDescription

let package = Package(
    name: "dun",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // The shared domain: money, days, customers, invoices, holds and the collections rules.
        .target(name: "Receivables"),
        // The complaint feedback loop: taxonomy, disputes, routing, recurrence, the weekly report model.
        .target(name: "Complaints", dependencies: ["Receivables"]),
        // Persistence on SQLite through GRDB: schema, migrations, queries, the audit journal.
        .target(
            name: "Store",
            dependencies: [
                "Receivables", "Complaints",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API itself, for the reused-statement bulk loads.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // Files in and out: CSV, taxonomy YAML, and the text/CSV/JSON/Markdown renderers.
        .target(
            name: "Interchange",
            dependencies: ["Receivables", "Complaints", .product(name: "Yams", package: "Yams")]),

        .testTarget(name: "ReceivablesTests", dependencies: ["Receivables"]),
        .testTarget(name: "ComplaintsTests", dependencies: ["Complaints"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
