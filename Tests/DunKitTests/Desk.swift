import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables
import Store

@testable import DunKit

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dunkit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// An in-memory ledger with the shipped taxonomy, two customers and four invoices, on which a
/// test acts day by day.
struct Desk {
    let ledger: Ledger
    let folder: TemporaryFolder

    static let customers = """
        code,name,email,country,language,sales_rep,collector
        C-1,Boulangerie Dupont,compta@dupont.example,FR,fr,jmartin,alice
        C-2,Acme Ltd,ap@acme.example,GB,en,slopez,bob

        """
    static let invoices = """
        number,customer,issue_date,due_date,amount,currency,sku,description,quantity,line_amount
        INV-1,C-1,2026-10-01,2026-10-31,1200.00,EUR,CHR-220,Folding chair,20,980.00
        INV-1,C-1,2026-10-01,2026-10-31,1200.00,EUR,TRY-060,Baking tray,9,220.00
        INV-2,C-1,2026-10-10,2026-11-09,800.00,EUR,,,,
        INV-3,C-2,2026-10-15,2026-11-14,9000.00,EUR,,,,
        INV-4,C-2,2026-10-20,2026-11-19,100.00,USD,,,,

        """

    init() throws {
        ledger = try Ledger.inMemory()
        folder = try TemporaryFolder()
        let taxonomy = try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
        let session = try Setup.initialize(
            ledger, taxonomy: taxonomy, source: nil, currency: .EUR, stamp: Desk.stamp("2026-10-01"))
        _ = try session.importCustomers(
            file: folder.write("customers.csv", Desk.customers), options: CSVOptions(), dryRun: false, update: false)
        // Imported on the day of the last of them.
        _ = try Session(ledger: ledger, stamp: Desk.stamp("2026-10-20")).importInvoices(
            file: folder.write("invoices.csv", Desk.invoices), options: CSVOptions(), dryRun: false)
    }

    static func stamp(_ day: String) -> Stamp {
        Stamp(actor: "tester", day: Day(iso: day)!, recordedAt: "\(day)T10:00:00Z")
    }

    /// The desk on a business day.
    func on(_ day: String) -> Session { Session(ledger: ledger, stamp: Desk.stamp(day)) }

    func journalCount() throws -> Int { try ledger.read { try $0.journalCount() } }

    func open(_ number: String) throws -> Int64 {
        try ledger.read { try $0.invoice(InvoiceNumber(number), on: .latest)!.openAmount.minorUnits }
    }

    func activeHolds(on day: String) throws -> [HoldRecord] {
        try ledger.read { try $0.holds(HoldFilter(activeOn: Day(iso: day)!), on: Day(iso: day)!).rows }
    }
}
