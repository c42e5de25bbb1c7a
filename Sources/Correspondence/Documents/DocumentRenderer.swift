import Foundation
import Receivables

/// Renders a notice from its context and template: fills the template's wording, then lays out
/// the letter around it (letterhead, address, date and references, subject, body, statement,
/// signature) as fixed-width text and as a printable HTML page.
///
/// The wording belongs to the template, the figures to the code: the statement table, its totals
/// per currency, the contact and dispute histories and the small-claims parties are laid out here,
/// so that a translator can reword a letter without being able to get an amount wrong.
public enum DocumentRenderer {
    /// The notice for `context`, written from its kind's template in its language.
    ///
    /// - Throws: ``DocumentError/unknownKind(_:)``; ``DocumentError/missingField(kind:field:)``
    ///   when the kind needs what the context lacks (a law firm, a court, a sales rep);
    ///   ``DocumentError/invoiceCopyNeedsOneInvoice(found:)``;
    ///   ``DocumentError/invalidItem(reference:reason:)``; ``DocumentError/unknownTemplateValue(file:name:)``
    ///   when an override template names a value that does not exist.
    public static func render(
        _ context: DocumentContext, templates: TemplateSet
    ) throws(DocumentError)
        -> RenderedDocument
    {
        let sheet = try DocumentSheet(context)
        let template = try templates.template(kind: sheet.kind, language: context.language)
        let rendered = try template.render(sheet.values(), known: DocumentSheet.valueNames)
        let subject = sheet.format.typography(DocumentSheet.clean(rendered.subject))
        let blocks = sheet.letter(subject: subject, body: sheet.body(rendered.body))
        return RenderedDocument(
            kind: context.kind, language: context.language, subject: subject, text: LetterText.render(blocks),
            html: LetterHTML.render(blocks, title: subject, language: context.language))
    }

    /// A printable copy of the context's one invoice, as a self-contained HTML page: what an
    /// `invoice-copy` email attaches.
    ///
    /// - Throws: ``DocumentError/invoiceCopyNeedsOneInvoice(found:)`` unless exactly one item is an
    ///   invoice; ``DocumentError/invalidItem(reference:reason:)``.
    public static func invoiceCopyHTML(_ context: DocumentContext) throws(DocumentError) -> String {
        let sheet = try DocumentSheet(context, kind: .invoiceCopy)
        let title = sheet.labels.copyNotice + " — " + sheet.labels.invoiceTitle(sheet.invoice?.reference ?? "")
        var blocks: [LetterBlock] = [sheet.companyLetterhead, .title(sheet.labels.copyNotice)]
        blocks.append(
            .fields([
                LetterField(
                    label: sheet.format.colon(sheet.labels.billedTo),
                    lines: sheet.recipientLines + ["\(sheet.labels.customerCodeLabel) \(sheet.customerCode)"])
            ]))
        blocks += sheet.expand(DocumentSheet.Block.invoiceDetails)
        return LetterHTML.render(blocks, title: title, language: context.language)
    }
}

/// A context checked and prepared for one rendering: the values a template sees, and the blocks
/// the code lays out.
struct DocumentSheet {
    /// The parts of a letter the code lays out, placed by the template with `{{statement}}` and
    /// the like.
    enum Block: String, CaseIterable {
        case statement, contactHistory, disputeHistory, parties, invoiceDetails

        /// What the template's value holds: private-use characters around the name, which no
        /// input can contain (``DocumentSheet/clean(_:)`` removes them) and the body layout finds.
        var marker: String { "\u{E000}\(rawValue)\u{E001}" }
    }

    let context: DocumentContext
    let kind: DocumentKind
    let format: DocumentFormat
    let labels: DocumentLabels
    let totals: StatementTotals
    /// The one invoice among the items, when there is exactly one.
    let invoice: StatementItem?

    init(_ context: DocumentContext, kind forced: DocumentKind? = nil) throws(DocumentError) {
        guard let kind = forced ?? DocumentKind(rawValue: context.kind) else { throw .unknownKind(context.kind) }
        self.context = context
        self.kind = kind
        format = DocumentFormat(language: context.language)
        labels = DocumentLabels.of(context.language)
        totals = try StatementTotals(items: context.items)
        let invoices = context.items.filter { $0.kind == .invoice }
        invoice = invoices.count == 1 ? invoices[0] : nil
        switch kind {
        case .lawyerLetter:
            guard context.lawFirm != nil else {
                throw .missingField(kind: kind.rawValue, field: "lawFirm, the firm whose letterhead it is written on")
            }
        case .smallClaims:
            guard let court = context.court, !DocumentSheet.clean(court).isEmpty else {
                throw .missingField(kind: kind.rawValue, field: "court, the jurisdiction the claim is filed with")
            }
        case .salesEscalation:
            guard context.salesRep != nil else {
                throw .missingField(kind: kind.rawValue, field: "salesRep, the sales rep the note is written to")
            }
        case .invoiceCopy:
            guard invoices.count == 1 else { throw .invoiceCopyNeedsOneInvoice(found: invoices.count) }
        default:
            break
        }
    }

    var customerCode: String { DocumentSheet.clean(context.customerCode) }
    var requested: [StatementItem] { context.items.filter(\.isRequested) }
    var underReview: [StatementItem] { context.items.filter(\.isUnderReview) }
    /// The positive balances, one per currency: what the customer is asked to pay.
    var balances: [Money] { totals.currencies.map(\.balance).filter(\.isPositive) }

    // MARK: - Values for the template

    /// Every name a template may use: the root values and the fields of the list items. Anything
    /// else is a typo, refused by ``TemplateSet/Template/render(_:known:)``.
    static let valueNames: Set<String> = Set([
        // The document and the parties.
        "kind", "language", "date", "reference",
        "companyName", "companyAddress", "companyEmail", "companyPhone",
        "customerName", "customerCode", "customerAddress", "customerEmail", "customerPhone",
        "signatoryName", "signatoryEmail", "signatoryPhone",
        "contactName", "contactEmail", "contactPhone",
        "salesRepName", "salesRepEmail", "salesRepPhone",
        "lawFirmName", "lawFirmAddress", "lawFirmEmail", "lawFirmPhone", "lawFirmReference",
        // Amounts and days.
        "payBy", "daysToPay", "balance", "hasBalance", "totalDue", "hasDeductions", "deductions",
        "invoiceCount", "oneInvoice", "severalInvoices", "invoiceList", "invoices",
        "earliestDue", "maxDaysPastDue", "hasOverdue",
        "hasUnderReview", "underReviewCount", "oneUnderReview", "severalUnderReview", "underReviewList",
        "underReviewAmount",
        // The single invoice (invoice copies, or a statement of one invoice).
        "invoiceNumber", "invoiceIssued", "invoiceDue", "invoiceAmount", "invoiceOpen", "invoiceUnderReview",
        "invoiceDaysPastDue",
        // Small claims.
        "court", "claimAmount", "claimLimit", "exceedsLimit",
        // Histories.
        "contacts", "hasContacts", "contactCount", "lastContact",
        "disputeCount", "hasDisputes", "hasOpenDisputes", "noOpenDispute", "openDisputeList",
        // Fields of the items of `invoices` and `contacts`.
        "issued", "due", "amount", "open", "daysPastDue", "day", "channel", "outcome", "note",
    ]).union(Block.allCases.map(\.rawValue))

    /// The values a template is rendered with. Optional values are left out when empty, so that
    /// `{{#payBy}}…{{/payBy}}` shows only when there is a deadline; flags are always there, so
    /// `{{^hasUnderReview}}` works too.
    func values() -> [String: Any] {
        var values: [String: Any] = [:]
        func set(_ name: String, _ text: String?) {
            guard let text else { return }
            let cleaned = DocumentSheet.clean(text)
            if !cleaned.isEmpty { values[name] = cleaned }
        }
        func set(_ prefix: String, _ party: Correspondent?) {
            guard let party else { return }
            set(prefix + "Name", party.name)
            set(prefix + "Address", DocumentSheet.cleanLines(party.addressLines).joined(separator: ", "))
            set(prefix + "Email", party.email)
            set(prefix + "Phone", party.phone)
        }
        values["kind"] = kind.rawValue
        values["language"] = context.language.rawValue
        set("date", format.longDate(context.day))
        set("reference", context.reference)
        set("company", context.company)
        set("customer", context.customer)
        set("customerCode", context.customerCode)
        set("signatory", context.signatory)
        set("salesRep", context.salesRep)
        set("contactName", context.signatory?.name ?? context.company.name)
        set("contactEmail", context.signatory?.email ?? context.company.email)
        set("contactPhone", context.signatory?.phone ?? context.company.phone)
        if let firm = context.lawFirm {
            set("lawFirmName", firm.name)
            set("lawFirmAddress", DocumentSheet.cleanLines(firm.addressLines).joined(separator: ", "))
            set("lawFirmEmail", firm.email)
            set("lawFirmPhone", firm.phone)
            set("lawFirmReference", firm.reference)
        }

        if let deadline = context.paymentDeadline {
            set("payBy", format.longDate(deadline))
            if deadline > context.day { values["daysToPay"] = deadline - context.day }
        }
        let balances = self.balances
        // Nothing to ask for still reads as an amount: zero in the statement's first currency.
        let zero = Money.zero(totals.currencies.first?.currency ?? context.claimLimit?.currency ?? .EUR)
        set("balance", format.amounts(balances.isEmpty ? [zero] : balances))
        values["hasBalance"] = !balances.isEmpty
        set("totalDue", format.amounts(totals.currencies.map(\.due).filter(\.isPositive)))
        let deductions = totals.currencies.map(\.deductions).filter(\.isPositive)
        values["hasDeductions"] = !deductions.isEmpty
        if !deductions.isEmpty { set("deductions", format.amounts(deductions)) }

        let requested = self.requested
        values["invoiceCount"] = requested.count
        values["oneInvoice"] = requested.count == 1
        values["severalInvoices"] = requested.count > 1
        set("invoiceList", requested.map(\.reference).map(DocumentSheet.clean).joined(separator: ", "))
        values["invoices"] = requested.map(itemValues)
        if let earliest = requested.compactMap(\.dueOn).min() { set("earliestDue", format.longDate(earliest)) }
        let maxLate = requested.compactMap(\.daysPastDue).max() ?? 0
        values["hasOverdue"] = maxLate > 0
        if maxLate > 0 { values["maxDaysPastDue"] = maxLate }

        let underReview = self.underReview
        values["hasUnderReview"] = !underReview.isEmpty
        values["underReviewCount"] = underReview.count
        values["oneUnderReview"] = underReview.count == 1
        values["severalUnderReview"] = underReview.count > 1
        if !underReview.isEmpty {
            set("underReviewList", underReview.map(\.reference).map(DocumentSheet.clean).joined(separator: ", "))
            set("underReviewAmount", format.amounts(totals.currencies.map(\.underReview).filter(\.isPositive)))
        }

        if let invoice {
            set("invoiceNumber", invoice.reference)
            set("invoiceIssued", invoice.issuedOn.map(format.longDate))
            set("invoiceDue", invoice.dueOn.map(format.longDate))
            set("invoiceAmount", format.amount(invoice.amount))
            values["invoiceUnderReview"] = invoice.underReview
            if !invoice.underReview, invoice.open.isPositive { set("invoiceOpen", format.amount(invoice.open)) }
            if let late = invoice.daysPastDue, late > 0 { values["invoiceDaysPastDue"] = late }
        } else {
            values["invoiceUnderReview"] = false
        }

        set("court", context.court)
        set("claimAmount", format.amounts(balances.isEmpty ? [zero] : balances))
        if let limit = context.claimLimit { set("claimLimit", format.amount(limit)) }
        values["exceedsLimit"] = exceedsLimit

        let contacts = sortedContacts
        values["contacts"] = contacts.map(contactValues)
        values["hasContacts"] = !contacts.isEmpty
        values["contactCount"] = contacts.count
        if let last = contacts.last { set("lastContact", format.longDate(last.day)) }
        let open = context.disputes.filter(\.isOpen)
        values["disputeCount"] = context.disputes.count
        values["hasDisputes"] = !context.disputes.isEmpty
        values["hasOpenDisputes"] = !open.isEmpty
        values["noOpenDispute"] = open.isEmpty
        if !open.isEmpty { set("openDisputeList", open.map(\.id).map(DocumentSheet.clean).joined(separator: ", ")) }

        for block in Block.allCases { values[block.rawValue] = block.marker }
        return values
    }

    /// The fields of one item of `{{#invoices}}`; all of them always present, so that a missing
    /// one does not fall through to a root value.
    private func itemValues(_ item: StatementItem) -> [String: Any] {
        [
            "reference": DocumentSheet.clean(item.reference),
            "issued": item.issuedOn.map(format.longDate) ?? "",
            "due": item.dueOn.map(format.longDate) ?? "",
            "amount": format.amount(item.amount),
            "open": format.amount(item.open),
            "daysPastDue": item.daysPastDue.map { $0 > 0 ? "\($0)" : "" } ?? "",
        ]
    }

    private func contactValues(_ contact: ContactEntry) -> [String: Any] {
        [
            "day": format.longDate(contact.day),
            "channel": DocumentSheet.clean(labels.channel(contact.channel)),
            "outcome": DocumentSheet.clean(contact.outcome),
            "note": DocumentSheet.clean(contact.note ?? ""),
        ]
    }

    /// Whether the amount claimed is above the court's limit, in the limit's currency.
    var exceedsLimit: Bool {
        guard let limit = context.claimLimit else { return false }
        return balances.contains { $0.compare(limit) == .larger }
    }

    var sortedContacts: [ContactEntry] {
        context.contacts.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }
            .map(\.element)
    }

    var sortedDisputes: [DisputeEntry] {
        context.disputes.enumerated().sorted { ($0.element.openedOn, $0.offset) < ($1.element.openedOn, $1.offset) }
            .map(\.element)
    }

    // MARK: - The body

    /// One piece of the rendered body: laid-out text, or a block the code fills in.
    enum Piece {
        case text(LetterBlock)
        case block(Block)
    }

    /// The blocks of the rendered body: paragraphs, lists and the code's blocks where the
    /// template placed them. A block this kind needs that the template left out is placed before
    /// the last paragraph (the closing formula).
    func body(_ rendered: String) -> [LetterBlock] {
        var pieces = DocumentSheet.pieces(of: rendered)
        let placed = Set(
            pieces.compactMap { piece -> Block? in
                if case .block(let block) = piece { return block }
                return nil
            })
        let missing = requiredBlocks.filter { !placed.contains($0) }
        if !missing.isEmpty {
            let position = pieces.count >= 2 ? pieces.count - 1 : pieces.count
            pieces.insert(contentsOf: missing.map(Piece.block), at: position)
        }
        return pieces.flatMap { piece -> [LetterBlock] in
            switch piece {
            case .text(.paragraph(let text)): [.paragraph(format.typography(text))]
            case .text(.bullets(let items)): [.bullets(items.map(format.typography))]
            case .text(let block): [block]
            case .block(let block): expand(block)
            }
        }
    }

    var requiredBlocks: [Block] {
        switch kind {
        case .invoiceCopy: [.invoiceDetails]
        case .smallClaims: [.parties, .statement, .contactHistory, .disputeHistory]
        default: [.statement]
        }
    }

    /// Splits rendered body text into paragraphs (separated by blank lines), lists (paragraphs
    /// whose lines start with `- `, `* ` or `• `) and block markers.
    static func pieces(of rendered: String) -> [Piece] {
        var paragraphs: [[String]] = [[]]
        for line in rendered.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(trimmed)
            }
        }
        var pieces: [Piece] = []
        for lines in paragraphs where !lines.isEmpty {
            let joined = lines.joined(separator: " ")
            if joined.unicodeScalars.contains("\u{E000}") {
                pieces += splitMarkers(joined)
            } else if let first = lines.first, bulletText(first) != nil {
                var items: [String] = []
                for line in lines {
                    if let item = bulletText(line) {
                        items.append(item)
                    } else if !items.isEmpty {
                        items[items.count - 1] += " " + line
                    }
                }
                pieces.append(.text(.bullets(items)))
            } else {
                pieces.append(.text(.paragraph(joined)))
            }
        }
        return pieces
    }

    private static func bulletText(_ line: String) -> String? {
        for prefix in ["- ", "* ", "• "] where line.hasPrefix(prefix) {
            return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// A paragraph holding block markers: the text around them as paragraphs, the markers as blocks.
    private static func splitMarkers(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let start = rest.firstIndex(of: "\u{E000}") {
            let before = rest[..<start].trimmingCharacters(in: .whitespaces)
            if !before.isEmpty { pieces.append(.text(.paragraph(before))) }
            let afterStart = rest.index(after: start)
            guard let end = rest[afterStart...].firstIndex(of: "\u{E001}") else {
                rest = rest[afterStart...]
                continue
            }
            if let block = Block(rawValue: String(rest[afterStart..<end])) { pieces.append(.block(block)) }
            rest = rest[rest.index(after: end)...]
        }
        let after = rest.trimmingCharacters(in: .whitespaces)
        if !after.isEmpty { pieces.append(.text(.paragraph(after))) }
        return pieces
    }

    // MARK: - The blocks the code lays out

    func expand(_ block: Block) -> [LetterBlock] {
        switch block {
        case .statement: return statementBlocks
        case .contactHistory: return contactBlocks
        case .disputeHistory: return disputeBlocks
        case .parties: return partiesBlocks
        case .invoiceDetails: return invoiceBlocks
        }
    }

    var statementBlocks: [LetterBlock] {
        let heading = LetterBlock.heading(labels.statementTitle(format.longDate(context.day)))
        guard !context.items.isEmpty else { return [heading, .note(labels.emptyStatement)] }
        var rows: [LetterTable.Row] = []
        for item in context.items {
            let reference = DocumentSheet.clean(item.reference)
            let late = item.kind == .invoice ? item.daysPastDue.flatMap { $0 > 0 ? "\($0)" : nil } ?? "" : ""
            let issued = item.issuedOn.map(format.shortDate) ?? ""
            let due = item.dueOn.map(format.shortDate) ?? ""
            switch item.kind {
            case .invoice where item.underReview:
                rows.append(
                    .init(
                        cells: [reference, issued, due, late, format.amount(item.amount), labels.underReview],
                        style: .review))
            case .invoice:
                rows.append(
                    .init(cells: [reference, issued, due, late, format.amount(item.amount), format.amount(item.open)]))
            case .creditNote, .unappliedCash:
                let what = item.kind == .creditNote ? labels.creditNote : labels.unappliedCash
                rows.append(
                    .init(
                        cells: [
                            "\(reference) (\(what))", issued, due, "", format.amount(-item.amount),
                            format.amount(-item.open),
                        ], style: .deduction))
            }
        }
        var lines: [LetterTable.Total] = []
        var notes: [LetterBlock] = []
        for group in totals.currencies {
            let hasDeductions = group.deductions.isPositive
            var first = true
            func add(_ label: String, _ amount: Money, strong: Bool = false) {
                lines.append(
                    .init(
                        label: label, value: format.amount(amount), strong: strong, startsGroup: first))
                first = false
            }
            if hasDeductions {
                add(labels.totalInvoices, group.due)
                if group.credits.isPositive { add(labels.lessCredits, -group.credits) }
                if group.unappliedCash.isPositive { add(labels.lessCash, -group.unappliedCash) }
            }
            if group.balance.isNegative {
                add(labels.creditBalance, -group.balance, strong: true)
            } else {
                add(labels.balanceDue, group.balance, strong: true)
            }
            if group.underReviewCount > 0 {
                notes.append(.note(labels.underReviewNote(group.underReviewCount, format.amount(group.underReview))))
            }
        }
        let columns: [LetterTable.Column] = [
            .init(title: labels.columnReference, numeric: false), .init(title: labels.columnIssued, numeric: false),
            .init(title: labels.columnDue, numeric: false), .init(title: labels.columnDaysLate, numeric: true),
            .init(title: labels.columnAmount, numeric: true), .init(title: labels.columnOpen, numeric: true),
        ]
        return [heading, .table(LetterTable(columns: columns, rows: rows, totals: lines))] + notes
    }

    var contactBlocks: [LetterBlock] {
        let heading = LetterBlock.heading(labels.contactsTitle)
        let contacts = sortedContacts
        guard !contacts.isEmpty else { return [heading, .note(labels.noContact)] }
        let columns: [LetterTable.Column] = [
            .init(title: labels.columnDate, numeric: false), .init(title: labels.columnChannel, numeric: false),
            .init(title: labels.columnOutcome, numeric: false), .init(title: labels.columnNote, numeric: false),
        ]
        let rows = contacts.map { contact in
            LetterTable.Row(cells: [
                format.shortDate(contact.day), DocumentSheet.clean(labels.channel(contact.channel)),
                DocumentSheet.clean(contact.outcome), DocumentSheet.clean(contact.note ?? ""),
            ])
        }
        return [heading, .table(LetterTable(columns: columns, rows: rows))]
    }

    var disputeBlocks: [LetterBlock] {
        let heading = LetterBlock.heading(labels.disputesTitle)
        let disputes = sortedDisputes
        let open = disputes.filter(\.isOpen)
        let statement: LetterBlock =
            open.isEmpty
            ? .note(labels.noOpenDispute)
            : .note(labels.openDisputes(format.conjunction(open.map { DocumentSheet.clean($0.id) })))
        guard !disputes.isEmpty else { return [heading, .note(labels.noDispute), statement] }
        let columns: [LetterTable.Column] = [
            .init(title: labels.columnDispute, numeric: false), .init(title: labels.columnCategory, numeric: false),
            .init(title: labels.columnOpened, numeric: false), .init(title: labels.columnResolved, numeric: false),
            .init(title: labels.columnOutcome, numeric: false),
        ]
        let rows = disputes.map { dispute in
            LetterTable.Row(
                cells: [
                    DocumentSheet.clean(dispute.id), DocumentSheet.clean(dispute.category),
                    format.shortDate(dispute.openedOn), dispute.resolvedOn.map(format.shortDate) ?? labels.stillOpen,
                    DocumentSheet.clean(dispute.outcome ?? ""),
                ], style: dispute.isOpen ? .review : .normal)
        }
        return [heading, .table(LetterTable(columns: columns, rows: rows)), statement]
    }

    var partiesBlocks: [LetterBlock] {
        var fields = [
            LetterField(
                label: format.colon(labels.claimant),
                lines: [DocumentSheet.clean(context.company.name)]
                    + DocumentSheet.cleanLines(context.company.addressLines)
                    + contactLines(context.company.email, context.company.phone)),
            LetterField(
                label: format.colon(labels.defendant),
                lines: recipientLines + contactLines(context.customer.email, context.customer.phone)
                    + ["\(labels.customerCodeLabel) \(customerCode)"]),
            LetterField(label: format.colon(labels.court), lines: [DocumentSheet.clean(context.court ?? "")]),
            LetterField(
                label: format.colon(labels.amountClaimed),
                lines: balances.isEmpty
                    ? [format.amount(.zero(context.claimLimit?.currency ?? .EUR))] : balances.map(format.amount)),
        ]
        if let limit = context.claimLimit {
            let value = format.amount(limit) + (exceedsLimit ? " — \(labels.exceedsLimit)" : "")
            fields.append(LetterField(label: format.colon(labels.claimLimit), lines: [value]))
        }
        return [.heading(labels.partiesTitle), .fields(fields)]
    }

    var invoiceBlocks: [LetterBlock] {
        guard let invoice else { return [] }
        let status: String
        if invoice.underReview {
            status = labels.underReview
        } else if invoice.open.isZero {
            status = labels.statusPaid
        } else if let late = invoice.daysPastDue, late > 0 {
            status = labels.statusOverdue(late)
        } else {
            status = labels.statusNotDue
        }
        var fields = [
            LetterField(label: format.colon(labels.invoiceNumber), lines: [DocumentSheet.clean(invoice.reference)])
        ]
        if let issued = invoice.issuedOn {
            fields.append(LetterField(label: format.colon(labels.issueDate), lines: [format.longDate(issued)]))
        }
        if let due = invoice.dueOn {
            fields.append(LetterField(label: format.colon(labels.dueDate), lines: [format.longDate(due)]))
        }
        fields.append(LetterField(label: format.colon(labels.columnAmount), lines: [format.amount(invoice.amount)]))
        fields.append(
            LetterField(
                label: format.colon(labels.columnOpen),
                lines: [invoice.underReview ? labels.underReview : format.amount(invoice.open)]))
        fields.append(LetterField(label: format.colon(labels.status), lines: [status]))
        return [.heading(labels.invoiceTitle(DocumentSheet.clean(invoice.reference))), .fields(fields)]
    }

    // MARK: - The letter around the body

    var recipientLines: [String] {
        [DocumentSheet.clean(context.customer.name)] + DocumentSheet.cleanLines(context.customer.addressLines)
    }

    var companyLetterhead: LetterBlock {
        .letterhead(
            name: DocumentSheet.clean(context.company.name),
            lines: DocumentSheet.cleanLines(context.company.addressLines)
                + [contactLines(context.company.email, context.company.phone).joined(separator: " · ")].filter {
                    !$0.isEmpty
                })
    }

    func contactLines(_ email: String?, _ phone: String?) -> [String] {
        [email, phone].compactMap { $0.map(DocumentSheet.clean) }.filter { !$0.isEmpty }
    }

    /// The whole letter: the frame around the body the template gave.
    func letter(subject: String, body: [LetterBlock]) -> [LetterBlock] {
        var blocks: [LetterBlock] = []
        let firm = kind == .lawyerLetter ? context.lawFirm : nil
        if let firm {
            blocks.append(
                .letterhead(
                    name: DocumentSheet.clean(firm.name),
                    lines: DocumentSheet.cleanLines(firm.addressLines)
                        + [contactLines(firm.email, firm.phone).joined(separator: " · ")].filter { !$0.isEmpty }))
        } else {
            blocks.append(companyLetterhead)
        }
        let date = format.longDate(context.day)
        let reference = DocumentSheet.clean(context.reference)
        switch kind {
        case .salesEscalation:
            let rep = context.salesRep.map { rep in
                DocumentSheet.clean(rep.name) + (rep.email.map { " <\(DocumentSheet.clean($0))>" } ?? "")
            }
            blocks.append(.title(labels.internalNote))
            blocks.append(
                .fields([
                    LetterField(label: format.colon(labels.memoTo), lines: [rep ?? ""]),
                    LetterField(
                        label: format.colon(labels.memoFrom),
                        lines: [DocumentSheet.clean(context.signatory?.name ?? labels.collections)]),
                    LetterField(
                        label: format.colon(labels.memoCustomer),
                        lines: ["\(DocumentSheet.clean(context.customer.name)) (\(customerCode))"]),
                    LetterField(label: format.colon(labels.memoDate), lines: [date]),
                    LetterField(label: format.colon(labels.ourReference), lines: [reference]),
                ]))
        case .smallClaims:
            blocks.append(.recipient([DocumentSheet.clean(context.court ?? "")]))
            blocks.append(.meta([labels.dateLine(date), "\(format.colon(labels.ourReference)) \(reference)"]))
        default:
            blocks.append(.recipient(recipientLines))
            var meta = [labels.dateLine(date)]
            if let firm {
                meta.append(
                    "\(format.colon(labels.lawFirmReference)) \(DocumentSheet.clean(firm.reference)) / \(reference)")
                meta.append("\(format.colon(labels.onBehalfOf)) \(DocumentSheet.clean(context.company.name))")
            } else {
                meta.append("\(format.colon(labels.ourReference)) \(reference)")
            }
            meta.append("\(format.colon(labels.customerAccount)) \(customerCode)")
            blocks.append(.meta(meta))
        }
        blocks.append(.subject(label: format.colon(labels.subject), text: subject))
        blocks += body
        blocks.append(.signature(signature(firm: firm)))
        return blocks
    }

    /// Who signs: the law firm for its letter; otherwise the collector, then the company.
    func signature(firm: LawFirm?) -> [String] {
        if let firm {
            return [DocumentSheet.clean(firm.name)] + contactLines(firm.email, firm.phone)
        }
        var lines: [String] = []
        if let signatory = context.signatory { lines.append(DocumentSheet.clean(signatory.name)) }
        if kind == .salesEscalation, context.signatory == nil { lines.append(labels.collections) }
        lines.append(DocumentSheet.clean(context.company.name))
        if let signatory = context.signatory { lines += contactLines(signatory.email, signatory.phone) }
        return lines.filter { !$0.isEmpty }
    }

    // MARK: - Cleaning input text

    /// The text as one line: control characters (line breaks included) become spaces, runs of
    /// spaces one space, bidirectional disguises and the block markers' characters are dropped.
    /// A customer name can therefore neither add a paragraph nor pose as a block.
    static func clean(_ text: String) -> String {
        let line = MailText.singleLine(text)
        guard line.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" }) else { return line }
        return String(String.UnicodeScalarView(line.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }))
    }

    static func cleanLines(_ lines: [String]) -> [String] {
        lines.map(clean).filter { !$0.isEmpty }
    }
}
