// swift-tools-version:6.1
// dun — accounts-receivable collections around a customer-complaint feedback loop.

import PackageDescription

let package = Package(
    name: "dun",
    platforms: [.macOS(.v15)],
    targets: [
        // The shared domain: money, days, customers, invoices, holds and the collections rules.
        .target(name: "Receivables"),
        // The complaint feedback loop: taxonomy, disputes, routing, recurrence, the weekly report model.
        .target(name: "Complaints", dependencies: ["Receivables"]),

        .testTarget(name: "ReceivablesTests", dependencies: ["Receivables"]),
        .testTarget(name: "ComplaintsTests", dependencies: ["Complaints"]),
    ],
    swiftLanguageModes: [.v6]
)
