import Complaints
import Foundation
import Interchange
import LedgerPort
import Receivables

/// What `dun init` did.
public struct InitResult: Sendable {
    public var path: String
    public var currency: Currency
    public var taxonomySource: String
    public var categories: Int
    public var owners: Int
}

/// Creating a ledger and loading the taxonomy into it.
public enum Setup {
    /// Creates a ledger at `engine` with the taxonomy from `taxonomyDirectory` (the one built
    /// into dun when not given) and `currency` as its base currency.
    public static func initLedger(
        _ engine: any LedgerEngine, taxonomyDirectory: String?, currency: Currency, stamp: Stamp,
        lockWait: LockWait = LockWait()
    ) throws -> (Session, InitResult) {
        // Read the taxonomy first: a bad file must not leave an empty ledger behind.
        let taxonomy = try readTaxonomy(taxonomyDirectory)
        let existed = try engine.exists()
        let ledger: any LedgerStore
        do {
            ledger = try engine.create(lockWait: lockWait)
        } catch {
            // What the engine made for a ledger that could not be made is not left behind.
            if !existed { try? engine.remove() }
            throw error
        }
        let session: Session
        do {
            session = try initialize(
                ledger, taxonomy: taxonomy, source: taxonomyDirectory, currency: currency, stamp: stamp)
        } catch {
            if !existed { try? engine.remove() }
            throw error
        }
        return (
            session,
            InitResult(
                path: engine.location, currency: currency, taxonomySource: taxonomyDirectory ?? "built-in",
                categories: taxonomy.categories.count, owners: taxonomy.owners.count)
        )
    }

    /// Sets up a freshly created ledger: base currency and taxonomy, journaled.
    public static func initialize(
        _ ledger: any LedgerStore, taxonomy: Taxonomy, source: String?, currency: Currency, stamp: Stamp
    ) throws -> Session {
        let session = Session(ledger: ledger, stamp: stamp)
        try session.write { tx in
            try tx.setSetting("base_currency", currency.code)
            let change = try tx.storeTaxonomy(taxonomy)
            try tx.journal(
                "ledger.init", subject: "ledger", refs: [JournalRef.taxonomy],
                details: [
                    "currency": currency.code, "taxonomy": source ?? "built-in",
                    "categories": String(change.added.count),
                ])
        }
        return session
    }

    /// The taxonomy in `directory`, or the one built into dun.
    public static func readTaxonomy(_ directory: String?) throws -> Taxonomy {
        if let directory { return try TaxonomyFiles.load(directory: directory) }
        return try TaxonomyFiles.load(files: TaxonomyFiles.shipped)
    }

}

extension Session {
    /// Replaces the taxonomy with the one in `directory`: categories no longer listed are
    /// retired, not deleted, so no dispute is orphaned.
    public func loadTaxonomy(directory: String) throws -> TaxonomyChange {
        let taxonomy = try TaxonomyFiles.load(directory: directory)
        return try write { tx in
            let change = try tx.storeTaxonomy(taxonomy)
            var details = ["source": directory, "unchanged": String(change.unchanged)]
            for (key, list) in [
                ("added", change.added), ("updated", change.updated), ("retired", change.retired),
                ("restored", change.restored),
            ] where !list.isEmpty {
                details[key] = list.joined(separator: " ")
            }
            try tx.journal("taxonomy.load", subject: JournalRef.taxonomy, details: details)
            return change
        }
    }

    /// The current taxonomy and the retired categories.
    public func taxonomy() throws -> (taxonomy: Taxonomy, retired: [RetiredCategory]) {
        try read { (try $0.taxonomy(), try $0.retiredCategories()) }
    }

    /// The journal entries about a thing (`D-12`, `H-3`, an invoice number or a customer code)
    /// recorded by commands of business days up to the as-of day.
    public func history(of text: String) throws -> (subject: String, entries: [JournalEntry]) {
        try read { reader in
            var candidates: [String] = []
            if let id = DisputeID(text: text), text.uppercased().hasPrefix("D-") {
                candidates.append(JournalRef.dispute(id))
            }
            if let id = HoldID(text: text), text.uppercased().hasPrefix("H-") { candidates.append(JournalRef.hold(id)) }
            if let id = ActionID(text: text), text.uppercased().hasPrefix("CA-") {
                candidates.append(JournalRef.action(id))
            }
            if try reader.invoice(InvoiceNumber(text), on: .latest) != nil {
                candidates.append(JournalRef.invoice(InvoiceNumber(text)))
            }
            if try reader.customer(CustomerCode(text)) != nil {
                candidates.append(JournalRef.customer(CustomerCode(text)))
            }
            if text == "taxonomy" || text == "ledger" { candidates.append(text) }
            for ref in candidates {
                let entries = try reader.history(of: ref, through: today)
                if !entries.isEmpty { return (ref, entries) }
            }
            if let ref = candidates.first { return (ref, []) }
            throw InputError(
                message: "nothing is called \"\(text)\" (give D-n, H-n, CA-n, an invoice number or a customer code)")
        }
    }
}

extension Session {
    /// `dun check`: SQLite's integrity check and the ledger's invariants, on one snapshot.
    public func check(examples: Int) throws -> LedgerCheck {
        try ledger.check(examples: examples)
    }
}

/// What `dun backup` did.
public struct BackupResult: Sendable {
    public var ledger: String
    public var copy: String
    public var bytes: Int
}

extension Session {
    /// `dun backup FILE`: a consistent copy of the ledger while others work, written beside
    /// `file` and renamed over it once complete. Never onto the ledger itself; onto an existing
    /// file only with `force`.
    public func backup(to file: String, force: Bool) throws -> BackupResult {
        try OutputFile.refuseLedger(file, ledger: ledger.location, files: ledger.files)
        if !force && FileManager.default.fileExists(atPath: file) {
            throw InputError(message: "\(file) already exists; give --force to replace it")
        }
        try OutputFile.replace(file) { temporary in try ledger.backup(to: temporary) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return BackupResult(ledger: ledger.location, copy: file, bytes: size ?? 0)
    }
}
