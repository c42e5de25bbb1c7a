import Receivables

/// Which ISO 20022 bank-to-customer cash management message a file holds.
public enum CamtKind: String, Sendable, Hashable {
    /// `BkToCstmrStmt`: the end-of-day account statement, booked entries.
    case statement = "camt.053"
    /// `BkToCstmrDbtCdtNtfctn`: a debit/credit notification, usually one or a few entries.
    case notification = "camt.054"
}

/// What one camt.053 or camt.054 file says about payments received.
///
/// A file may hold several statements (`Stmt`) or notifications (`Ntfctn`), one per account or
/// page; their credits and skipped entries are concatenated in document order and each
/// ``BankCredit`` carries its own ``BankCredit/account``.
public struct BankStatement: Sendable, Hashable {
    /// Statement or notification.
    public var kind: CamtKind
    /// The namespace version, `camt.053.001.02` or `camt.053.001.08`; `nil` without a namespace.
    public var messageVersion: String?
    /// `GrpHdr/MsgId`: the bank's identifier for this message.
    public var messageId: String
    /// The account of the first statement or notification: `Acct/Id/IBAN`, else `Acct/Id/Othr/Id`.
    public var account: String?
    /// One per booked credit transaction, in document order.
    public var credits: [BankCredit]
    /// Entries and transactions that are not payments received: debits, reversals, and entries
    /// that are not booked (pending or information only).
    public var skipped: [SkippedEntry]

    public init(
        kind: CamtKind, messageVersion: String? = nil, messageId: String, account: String?,
        credits: [BankCredit], skipped: [SkippedEntry]
    ) {
        self.kind = kind
        self.messageVersion = messageVersion
        self.messageId = messageId
        self.account = account
        self.credits = credits
        self.skipped = skipped
    }
}

/// One payment received: a booked credit entry, or one transaction of a batch-booked entry.
public struct BankCredit: Sendable, Hashable {
    /// The account credited (`Acct/Id/IBAN` of the enclosing statement or notification).
    public var account: String?
    /// The transaction amount: `TxDtls/Amt` (version 04 and later), else `TxDtls/AmtDtls/TxAmt/Amt`
    /// (version 02), else `TxDtls/AmtDtls/CntrValAmt/Amt`, whichever first is in the entry's
    /// currency; else the entry `Amt` when the entry has a single transaction.
    public var amount: Money
    /// `Ntry/BookgDt` (`Dt`, or the date part of `DtTm`); `Ntry/ValDt` when the bank gave no
    /// booking date.
    public var bookingDate: Day
    /// `Ntry/ValDt`.
    public var valueDate: Day?
    /// `Ntry/NtryRef`.
    public var entryReference: String?
    /// `TxDtls/Refs/AcctSvcrRef`, else `Ntry/AcctSvcrRef`: the bank's own reference.
    public var accountServicerReference: String?
    /// `TxDtls/Refs/EndToEndId`, the payer's reference; `nil` for the placeholder `NOTPROVIDED`.
    public var endToEndId: String?
    /// `RltdPties/Dbtr/Nm` (version 02) or `RltdPties/Dbtr/Pty/Nm` (version 08 and later); both
    /// forms are read in every version.
    public var debtorName: String?
    /// `RltdPties/DbtrAcct/Id/IBAN`.
    public var debtorIBAN: String?
    /// Every `RmtInf/Ustrd` line, in order.
    public var unstructuredRemittance: [String]
    /// `RmtInf/Strd/RfrdDocInf/Nb` (referred document numbers, such as invoice numbers) and
    /// `RmtInf/Strd/CdtrRefInf/Ref` (creditor references, such as RF references), in order.
    public var structuredReferences: [String]
    /// `TxDtls/AddtlTxInf`, else `Ntry/AddtlNtryInf`: free text some banks fill with the
    /// payment's wording when the remittance fields are empty.
    public var additionalInfo: String?
    /// A stable identity for "already imported", the same each time the file is read.
    ///
    /// `account|svcr:<AcctSvcrRef>|<n>` when the bank gave an account servicer reference (the
    /// transaction's, else the entry's), which the bank keeps unique per account and repeats in
    /// camt.052/053/054 for the same booking; else `account|e2e:<EndToEndId>|<bookingDate>|<amount>|<n>`
    /// (the payer chooses end-to-end ids, so day and amount narrow them); else
    /// `account|ntry:<NtryRef>|<bookingDate>|<n>` (entry references are unique only within one
    /// report); else `account|anon:<bookingDate>|<amount>|<debtorIBAN or name>|<n>`. `<n>` is the
    /// 1-based position of the transaction within its entry, except in the last form, where it
    /// counts otherwise identical credits in the file. A missing account is written `?`.
    public var uniqueKey: String
    /// The line of the `<Ntry>`, or of the `<TxDtls>` when the entry books several transactions.
    public var line: Int

    public init(
        account: String?, amount: Money, bookingDate: Day, valueDate: Day?, entryReference: String?,
        accountServicerReference: String?, endToEndId: String?, debtorName: String?,
        debtorIBAN: String?, unstructuredRemittance: [String], structuredReferences: [String],
        additionalInfo: String?, uniqueKey: String, line: Int
    ) {
        self.account = account
        self.amount = amount
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.entryReference = entryReference
        self.accountServicerReference = accountServicerReference
        self.endToEndId = endToEndId
        self.debtorName = debtorName
        self.debtorIBAN = debtorIBAN
        self.unstructuredRemittance = unstructuredRemittance
        self.structuredReferences = structuredReferences
        self.additionalInfo = additionalInfo
        self.uniqueKey = uniqueKey
        self.line = line
    }

    /// Every reference a payer may have written: structured references first, then the
    /// unstructured lines, then the end-to-end id.
    public var remittanceTexts: [String] {
        structuredReferences + unstructuredRemittance + (endToEndId.map { [$0] } ?? [])
    }
}

/// An entry (or one transaction of an entry) that is not a payment received.
public struct SkippedEntry: Sendable, Hashable {
    /// Why an entry is not a payment received.
    public enum Kind: String, Sendable, Hashable {
        /// `CdtDbtInd` is `DBIT`: money left the account (fees, transfers out).
        case debit
        /// `RvslInd` is `true`: the entry cancels an earlier one.
        case reversal
        /// `Sts` is not `BOOK`: pending (`PDNG`), information only (`INFO`), or another status.
        case notBooked
    }

    /// The line of the `<Ntry>` (or of the `<TxDtls>` for one transaction of a batch).
    public var line: Int
    /// What kind of entry this is.
    public var kind: Kind
    /// A sentence for people: `debit`, `reversal`, `pending (status PDNG)`.
    public var reason: String
    /// The entry's (or transaction's) amount.
    public var amount: Money?
    /// `Ntry/NtryRef`, `Ntry/AcctSvcrRef` or the transaction's `AcctSvcrRef`, for finding it in
    /// the bank's portal.
    public var reference: String?

    public init(line: Int, kind: Kind, reason: String, amount: Money?, reference: String? = nil) {
        self.line = line
        self.kind = kind
        self.reason = reason
        self.amount = amount
        self.reference = reference
    }
}

/// A camt file that cannot be read: where, and why.
///
/// Described as `statement.xml line 42: entry amount "12,3" is not a number`.
public struct CamtError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name as given to ``CamtReader/read(data:file:)``.
    public var file: String
    /// The 1-based line, or `nil` when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong.
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file) line \(line): \(message)" }
        return "\(file): \(message)"
    }
}
