import Foundation
import Receivables

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads ISO 20022 camt.053 statements and camt.054 debit/credit notifications into the payments
/// received they report.
///
/// Any message version is accepted (`camt.053.001.02` to `.13`, `camt.054.001.02` to `.13`):
/// elements are matched by local name, and the paths that moved between versions are read both
/// ways (`Sts` as text or `Sts/Cd`; `Dbtr/Nm` or `Dbtr/Pty/Nm`; `TxDtls/Amt` or
/// `TxDtls/AmtDtls/TxAmt/Amt`).
///
/// Only booked (`BOOK`) credit (`CRDT`) entries that are not reversals are payments; everything
/// else lands in ``BankStatement/skipped`` with its reason. An entry that books several
/// transactions (`NtryDtls/TxDtls`, a batch) yields one credit per transaction.
public enum CamtReader {
    static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:"

    /// Whether these bytes look like a camt.053 or camt.054 XML document: they start (after an
    /// optional UTF-8 byte order mark and whitespace) with `<`, and their first 64 KiB name the
    /// namespace `urn:iso:std:iso:20022:tech:xsd:camt.053.…` or `…camt.054.…`.
    public static func looksLikeCamt(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(65_536))
        var index = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[index]) { index += 1 }
        guard index < head.count, head[index] == UInt8(ascii: "<") else { return false }
        let text = String(decoding: head, as: UTF8.self)
        return text.contains(namespacePrefix + "camt.053.") || text.contains(namespacePrefix + "camt.054.")
    }

    /// Reads one camt.053 or camt.054 file.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the name used in error messages.
    /// - Throws: ``CamtError`` for malformed XML, a document that is neither a statement nor a
    ///   notification, a malformed amount or date, an unknown currency, or a batch whose
    ///   transactions carry no amounts.
    public static func read(data: Data, file: String) throws(CamtError) -> BankStatement {
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw CamtError(file: file, line: nil, message: "the file is empty")
        }
        let root: XMLNode
        do {
            root = try XMLTreeBuilder.parse(data)
        } catch {
            throw CamtError(file: file, line: error.line, message: error.message)
        }
        var reader = Reader(file: file)
        return try reader.read(root)
    }
}

/// The walk over one parsed document.
private struct Reader {
    let file: String
    var credits: [BankCredit] = []
    var skipped: [SkippedEntry] = []
    /// How many credits without any reference share an anonymous key so far.
    var anonymousKeys: [String: Int] = [:]

    init(file: String) { self.file = file }

    func error(_ node: XMLNode, _ message: String) -> CamtError {
        CamtError(file: file, line: node.line, message: message)
    }

    mutating func read(_ root: XMLNode) throws(CamtError) -> BankStatement {
        let version = Self.messageVersion(root)
        let message: XMLNode
        let kind: CamtKind
        if let statement = Self.messageElement(root, "BkToCstmrStmt") {
            (message, kind) = (statement, .statement)
        } else if let notification = Self.messageElement(root, "BkToCstmrDbtCdtNtfctn") {
            (message, kind) = (notification, .notification)
        } else {
            let found = version.map { "a \($0) document" } ?? "a <\(root.name)> document"
            throw error(root, "not a camt.053 statement or camt.054 notification: found \(found)")
        }
        guard let messageId = message.path("GrpHdr", "MsgId")?.value else {
            throw error(message.child("GrpHdr") ?? message, "the message has no GrpHdr/MsgId")
        }
        let reports = message.children.filter { $0.name == "Stmt" || $0.name == "Ntfctn" }
        var firstAccount: String?
        for (index, report) in reports.enumerated() {
            let account = Self.accountId(report.child("Acct"))
            if index == 0 { firstAccount = account }
            for entry in report.children("Ntry") {
                try readEntry(entry, account: account)
            }
        }
        return BankStatement(
            kind: kind, messageVersion: version, messageId: messageId, account: firstAccount,
            credits: credits, skipped: skipped)
    }

    /// The message element: `Document/<name>`, or the root itself when a bank left out `Document`.
    static func messageElement(_ root: XMLNode, _ name: String) -> XMLNode? {
        root.name == name ? root : (root.name == "Document" ? root.child(name) : nil)
    }

    /// `camt.053.001.08` from the root's default (or any) namespace declaration.
    static func messageVersion(_ root: XMLNode) -> String? {
        let declarations = root.attributes.filter { $0.key == "xmlns" || $0.key.hasPrefix("xmlns:") }
        let preferred = declarations["xmlns"].map { [$0] } ?? []
        for uri in preferred + declarations.values.sorted() where uri.hasPrefix(CamtReader.namespacePrefix) {
            return String(uri.dropFirst(CamtReader.namespacePrefix.count))
        }
        return nil
    }

    /// `Acct/Id/IBAN`, else `Acct/Id/Othr/Id`.
    static func accountId(_ account: XMLNode?) -> String? {
        guard let account else { return nil }
        return account.path("Id", "IBAN")?.value ?? account.path("Id", "Othr", "Id")?.value
    }

    // MARK: Entries

    mutating func readEntry(_ entry: XMLNode, account: String?) throws(CamtError) {
        guard let amountNode = entry.child("Amt") else { throw error(entry, "entry has no Amt") }
        let entryAmount = try amount(amountNode, what: "entry")
        let entryReference = entry.child("NtryRef")?.value
        let entryServicerReference = entry.child("AcctSvcrRef")?.value
        let reference = entryReference ?? entryServicerReference

        // Status: `<Sts>BOOK</Sts>` in the older versions (02 to 06), `<Sts><Cd>BOOK</Cd></Sts>` in
        // the newer ones (08 on); a proprietary `<Sts><Prtry>` is compared as it is.
        guard let statusNode = entry.child("Sts") else { throw error(entry, "entry has no Sts status") }
        let status = (statusNode.child("Cd")?.value ?? statusNode.child("Prtry")?.value ?? statusNode.value)?
            .uppercased()
        guard status == "BOOK" else {
            let (kind, reason): (SkippedEntry.Kind, String) =
                switch status {
                case "PDNG": (.notBooked, "pending (status PDNG)")
                case "INFO": (.notBooked, "information only (status INFO)")
                case "FUTR": (.notBooked, "future booking (status FUTR)")
                case nil: (.notBooked, "no status")
                case let other?: (.notBooked, "not booked (status \(other))")
                }
            skipped.append(
                SkippedEntry(line: entry.line, kind: kind, reason: reason, amount: entryAmount, reference: reference))
            return
        }

        let reversal = entry.child("RvslInd")?.value.map { $0 == "true" || $0 == "1" } ?? false
        if reversal {
            skipped.append(
                SkippedEntry(
                    line: entry.line, kind: .reversal, reason: "reversal", amount: entryAmount, reference: reference))
            return
        }
        guard let indicatorNode = entry.child("CdtDbtInd") else {
            throw error(entry, "entry has no CdtDbtInd")
        }
        switch indicatorNode.value {
        case "CRDT": break
        case "DBIT":
            skipped.append(
                SkippedEntry(line: entry.line, kind: .debit, reason: "debit", amount: entryAmount, reference: reference)
            )
            return
        default:
            throw error(indicatorNode, "entry CdtDbtInd \"\(indicatorNode.value ?? "")\" is neither CRDT nor DBIT")
        }

        let valueDate = try day(entry.child("ValDt"), what: "value date")
        guard let bookingDate = try day(entry.child("BookgDt"), what: "booking date") ?? valueDate else {
            throw error(entry, "booked entry has neither BookgDt nor ValDt")
        }

        let transactions = entry.all("NtryDtls", "TxDtls")
        let context = EntryContext(
            account: account, amount: entryAmount, bookingDate: bookingDate, valueDate: valueDate,
            entryReference: entryReference, servicerReference: entryServicerReference,
            additionalInfo: entry.child("AddtlNtryInf")?.value, batch: transactions.count > 1)
        if transactions.isEmpty {
            append(context.credit(index: 1, amount: entryAmount, transaction: nil, line: entry.line))
            return
        }
        for (offset, transaction) in transactions.enumerated() {
            let line = context.batch ? transaction.line : entry.line
            let txAmount = try transactionAmount(
                transaction, number: offset + 1, entry: entry, entryAmount: entryAmount, batch: context.batch)
            // Newer versions (04 on) give a transaction its own direction; a debit inside a credit
            // batch (a charge, a return) is not a payment received.
            if transaction.child("CdtDbtInd")?.value == "DBIT" {
                skipped.append(
                    SkippedEntry(
                        line: line, kind: .debit, reason: "debit", amount: txAmount,
                        reference: transaction.path("Refs", "AcctSvcrRef")?.value ?? reference))
                continue
            }
            append(context.credit(index: offset + 1, amount: txAmount, transaction: transaction, line: line))
        }
    }

    /// The amount of one transaction, in the entry's currency: `TxDtls/Amt` (version 04 on), else
    /// `AmtDtls/TxAmt/Amt`, else `AmtDtls/CntrValAmt/Amt`, the first one in the entry's currency
    /// (the others may be the instructed amount in a foreign currency). A lone transaction without
    /// one takes the entry amount; in a batch that is an error, since the total cannot be split.
    func transactionAmount(
        _ transaction: XMLNode, number: Int, entry: XMLNode, entryAmount: Money, batch: Bool
    ) throws(CamtError) -> Money {
        let candidates = [
            transaction.child("Amt"), transaction.path("AmtDtls", "TxAmt", "Amt"),
            transaction.path("AmtDtls", "CntrValAmt", "Amt"),
        ].compactMap { $0 }
        var foreign: Money?
        for node in candidates {
            let amount = try amount(node, what: "transaction")
            if amount.currency == entryAmount.currency { return amount }
            foreign = foreign ?? amount
        }
        guard batch else { return entryAmount }
        if let foreign {
            throw error(
                transaction,
                "transaction \(number) of the batch entry at line \(entry.line) has an amount in "
                    + "\(foreign.currency.code) only, the entry is in \(entryAmount.currency.code); "
                    + "the entry total cannot be split")
        }
        throw error(
            transaction,
            "transaction \(number) of the batch entry at line \(entry.line) has no amount "
                + "(TxDtls/Amt or TxDtls/AmtDtls/TxAmt/Amt); the entry total cannot be split")
    }

    mutating func append(_ credit: BankCredit) {
        var credit = credit
        if credit.uniqueKey.contains("|anon:") {
            let count = (anonymousKeys[credit.uniqueKey] ?? 0) + 1
            anonymousKeys[credit.uniqueKey] = count
            credit.uniqueKey += "|\(count)"
        }
        credits.append(credit)
    }

    // MARK: Values

    /// An `ActiveOrHistoricCurrencyAndAmount`: an unsigned `xs:decimal` with a `Ccy` attribute.
    func amount(_ node: XMLNode, what: String) throws(CamtError) -> Money {
        guard let code = node.attribute("Ccy")?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            throw error(node, "\(what) amount has no Ccy currency")
        }
        guard let currency = Currency(code: code) else {
            throw error(node, "\(what) amount currency \"\(code)\" is not a known ISO 4217 currency")
        }
        let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isDecimal(text) else {
            if text.hasPrefix("-"), Self.isDecimal(String(text.dropFirst())) {
                throw error(node, "\(what) amount \"\(text)\" is negative; camt amounts are unsigned, see CdtDbtInd")
            }
            throw error(node, "\(what) \(MoneyError.notANumber(text).description)")
        }
        // An xs:decimal has no thousands separators: `2.500` is 2.50, whatever Money.parse would
        // make of it in a CSV file.
        var decimal = Substring(text)
        if decimal.contains(".") {
            while decimal.last == "0", let dot = decimal.firstIndex(of: "."),
                decimal.distance(from: dot, to: decimal.endIndex) - 1 > currency.minorDigits
            {
                decimal = decimal.dropLast()
            }
            if decimal.last == "." { decimal = decimal.dropLast() }
        }
        do {
            return try Money.parse(String(decimal), currency: currency)
        } catch {
            throw self.error(node, "\(what) \(error.description)")
        }
    }

    /// `xs:decimal` without a minus sign: digits with at most one `.`, at least one digit.
    static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" { body = body.dropFirst() }
        var digits = 0
        var dots = 0
        for character in body.utf8 {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): dots += 1
            default: return false
            }
        }
        return digits > 0 && dots <= 1
    }

    /// A `DateAndDateTimeChoice`: `<Dt>2026-11-24</Dt>` or `<DtTm>2026-11-24T10:15:00+01:00</DtTm>`,
    /// whose date part is taken as written (the bank's local day).
    func day(_ node: XMLNode?, what: String) throws(CamtError) -> Day? {
        guard let node else { return nil }
        let (element, text): (XMLNode, String)
        if let date = node.child("Dt") {
            (element, text) = (date, date.value ?? "")
        } else if let dateTime = node.child("DtTm") {
            (element, text) = (dateTime, String((dateTime.value ?? "").prefix(10)))
        } else {
            return nil
        }
        guard let day = Day(iso: text) else {
            throw error(element, "\(what) \"\(element.value ?? "")\" is not a YYYY-MM-DD date")
        }
        return day
    }
}

/// What an entry gives every credit it books.
private struct EntryContext {
    let account: String?
    let amount: Money
    let bookingDate: Day
    let valueDate: Day?
    let entryReference: String?
    let servicerReference: String?
    let additionalInfo: String?
    let batch: Bool

    func credit(index: Int, amount: Money, transaction tx: XMLNode?, line: Int) -> BankCredit {
        let servicerReference = tx?.path("Refs", "AcctSvcrRef")?.value ?? self.servicerReference
        let endToEnd = tx?.path("Refs", "EndToEndId")?.value.flatMap {
            $0.uppercased() == "NOTPROVIDED" ? nil : $0
        }
        let parties = tx?.child("RltdPties")
        let debtorName = parties?.path("Dbtr", "Nm")?.value ?? parties?.path("Dbtr", "Pty", "Nm")?.value
        let debtorIBAN = parties?.path("DbtrAcct", "Id", "IBAN")?.value
        let unstructured = tx?.all("RmtInf", "Ustrd").compactMap(\.value) ?? []
        var structured: [String] = []
        for remittance in tx?.all("RmtInf", "Strd") ?? [] {
            structured += remittance.all("RfrdDocInf", "Nb").compactMap(\.value)
            structured += remittance.all("CdtrRefInf", "Ref").compactMap(\.value)
        }
        let additional = tx?.child("AddtlTxInf")?.value ?? additionalInfo

        let accountKey = account ?? "?"
        let key: String
        if let servicerReference {
            key = "\(accountKey)|svcr:\(servicerReference)|\(index)"
        } else if let endToEnd {
            key = "\(accountKey)|e2e:\(endToEnd)|\(bookingDate.iso)|\(amount)|\(index)"
        } else if let entryReference {
            key = "\(accountKey)|ntry:\(entryReference)|\(bookingDate.iso)|\(index)"
        } else {
            // Numbered by occurrence in Reader.append.
            key = "\(accountKey)|anon:\(bookingDate.iso)|\(amount)|\(debtorIBAN ?? debtorName ?? "")"
        }

        return BankCredit(
            account: account, amount: amount, bookingDate: bookingDate, valueDate: valueDate,
            entryReference: entryReference, accountServicerReference: servicerReference, endToEndId: endToEnd,
            debtorName: debtorName, debtorIBAN: debtorIBAN, unstructuredRemittance: unstructured,
            structuredReferences: structured, additionalInfo: additional, uniqueKey: key, line: line)
    }
}
