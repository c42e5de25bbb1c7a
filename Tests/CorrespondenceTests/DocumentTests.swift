import Foundation
import Receivables
import Testing

@testable import Correspondence

// MARK: - Fixtures

private let letterDay = Day(year: 2026, month: 11, day: 24)!

private func eur(_ text: String) -> Money { try! Money.parse(text, currency: .EUR) }
private func usd(_ text: String) -> Money { try! Money.parse(text, currency: .USD) }

private let company = Correspondent(
    name: "ACME Supplies SAS", addressLines: ["12 rue des Lilas", "75011 Paris"], email: "compta@acme.example",
    phone: "+33 1 23 45 67 89")
private let signatory = Correspondent(
    name: "Claire Martin", addressLines: [], email: "claire.martin@acme.example", phone: "+33 1 23 45 67 00")
private let customer = Correspondent(
    name: "Brasserie du Port", addressLines: ["3 quai de la Fosse", "44000 Nantes"], email: "compta@brasserie.example")
private let lawFirm = LawFirm(
    name: "Cabinet Lefèvre & Associés", addressLines: ["8 avenue de l'Opéra", "75001 Paris"],
    email: "contact@lefevre.example", phone: "+33 1 40 00 00 00", reference: "LF/2026/0815")

/// Two currencies, a credit note, unapplied cash and an invoice under review.
///
/// EUR: due 1,234.56 + 800.00 = 2,034.56; credits 150.00; cash 100.00; balance 1,784.56;
/// INV-103 (300.00) under review. USD: due 2,000.00; credits 250.00; balance 1,750.00.
private let statementItems: [StatementItem] = [
    StatementItem(
        reference: "INV-101", issuedOn: letterDay - 50, dueOn: letterDay - 20, amount: eur("1500.00"),
        open: eur("1234.56"), daysPastDue: 20),
    StatementItem(
        reference: "INV-102", issuedOn: letterDay - 35, dueOn: letterDay - 5, amount: eur("800.00"),
        open: eur("800.00"), daysPastDue: 5),
    StatementItem(
        reference: "INV-103", issuedOn: letterDay - 60, dueOn: letterDay - 30, amount: eur("300.00"),
        open: eur("300.00"), daysPastDue: 30, underReview: true),
    StatementItem(
        kind: .creditNote, reference: "CN-7 \"retour\", lot 2", issuedOn: letterDay - 10, amount: eur("200.00"),
        open: eur("150.00")),
    StatementItem(
        kind: .unappliedCash, reference: "PAY-9", issuedOn: letterDay - 3, amount: eur("100.00"), open: eur("100.00")),
    StatementItem(
        reference: "INV-201", issuedOn: letterDay - 42, dueOn: letterDay - 12, amount: usd("2000.00"),
        open: usd("2000.00"), daysPastDue: 12),
    StatementItem(
        kind: .creditNote, reference: "CN-8", issuedOn: letterDay - 8, amount: usd("250.00"), open: usd("250.00")),
]

private let singleInvoice = StatementItem(
    reference: "INV-101", issuedOn: letterDay - 50, dueOn: letterDay - 20, amount: eur("1500.00"),
    open: eur("1234.56"), daysPastDue: 20)

private func context(
    _ kind: DocumentKind, _ language: Language, items: [StatementItem]? = nil, disputes: [DisputeEntry]? = nil
) -> DocumentContext {
    DocumentContext(
        kind: kind.rawValue, language: language, day: letterDay, reference: "N-1042", company: company,
        signatory: signatory, customer: customer, customerCode: "C-0042",
        items: items ?? (kind == .invoiceCopy ? [singleInvoice] : statementItems), paymentDeadline: letterDay + 10,
        contacts: [
            ContactEntry(day: letterDay - 17, channel: "email", outcome: "reminder sent"),
            ContactEntry(
                day: letterDay - 9, channel: "phone", outcome: "promised to pay", note: "accountant on leave"),
        ],
        disputes: disputes ?? [
            DisputeEntry(
                id: "D-4", category: "damaged-goods", openedOn: letterDay - 70, resolvedOn: letterDay - 40,
                outcome: "credit")
        ],
        lawFirm: lawFirm, court: "Tribunal de commerce de Nantes", claimLimit: eur("5000.00"),
        salesRep: Correspondent(name: "Marc Dubois", email: "marc.dubois@acme.example"))
}

private func render(_ context: DocumentContext) throws -> RenderedDocument {
    try DocumentRenderer.render(context, templates: TemplateSet())
}

/// The text with every run of spaces and line breaks made one space, so phrases can be found
/// whatever the wrapping.
private func flat(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
}

/// What each kind must say, in each language: its distinctive words.
private let distinctive: [DocumentKind: [Language: [String]]] = [
    .courtesyReminder: [
        .en: ["Courtesy reminder", "no action is needed", "Kind regards"],
        .fr: ["Prochaine échéance de paiement", "Il ne s'agit pas d'une relance", "Bien cordialement"],
    ],
    .reminder: [
        .en: ["Payment reminder", "overlooked", "1,784.56 EUR and 1,750.00 USD by 4 December 2026"],
        .fr: ["Rappel de paiement", "simple oubli", "Sauf erreur ou omission"],
    ],
    .secondNotice: [
        .en: ["Second notice", "within 10 days, by 4 December 2026", "please call Claire Martin on +33 1 23 45 67 00"],
        .fr: ["Deuxième relance", "sous 10 jours, soit au plus tard le 4 décembre 2026"],
    ],
    .finalNotice: [
        .en: ["Final notice", "This is our final notice", "legal proceedings"],
        .fr: ["Dernière relance", "dernière relance amiable", "action en justice"],
    ],
    .salesEscalation: [
        .en: ["INTERNAL NOTE", "Hello Marc Dubois", "Your customer Brasserie du Port (C-0042)"],
        .fr: ["NOTE INTERNE", "Bonjour Marc Dubois", "Votre client Brasserie du Port (C-0042)"],
    ],
    .takeBackOffer: [
        .en: ["take back the goods", "issue a credit note"],
        .fr: ["reprendre les marchandises", "nous émettrions un avoir"],
    ],
    .lawyerLetter: [
        .en: ["Formal demand", "We act for ACME Supplies SAS", "LF/2026/0815", "legal proceedings"],
        .fr: ["Mise en demeure", "nous vous mettons en demeure", "LF/2026/0815", "article 1344 du Code civil"],
    ],
    .smallClaims: [
        .en: [
            "Small claim: ACME Supplies SAS v. Brasserie du Port", "Claimant:", "Defendant:", "Contact history",
            "Dispute history", "No dispute is open.", "Tribunal de commerce de Nantes", "promised to pay",
        ],
        .fr: [
            "Requête en injonction de payer", "Demandeur", "Défendeur", "Historique des relances",
            "Historique des litiges", "Aucun litige n'est en cours.", "Tribunal de commerce de Nantes",
        ],
    ],
    .agencyReferral: [
        .en: ["collection agency", "handed over"],
        .fr: ["cabinet de recouvrement", "a été confié"],
    ],
    .invoiceCopy: [
        .en: ["Copy of invoice INV-101", "Invoice number:", "20 days overdue"],
        .fr: ["Duplicata de la facture INV-101", "Numéro de facture", "échue depuis 20 jours"],
    ],
]

// MARK: - Every kind in every language

@Suite struct DocumentTests {
    @Test(arguments: DocumentKind.allCases, Language.allCases)
    func everyKindRendersWithItsWording(kind: DocumentKind, language: Language) throws {
        let document = try render(context(kind, language))
        #expect(document.kind == kind.rawValue)
        #expect(document.language == language)
        let text = flat(document.text)
        for phrase in distinctive[kind]?[language] ?? [] {
            #expect(text.contains(phrase), "\(kind.rawValue).\(language.rawValue) lacks \"\(phrase)\"")
        }
        #expect(document.text.hasSuffix("\n"))
        #expect(!document.subject.isEmpty && !document.subject.contains("\n"))
        #expect(!document.text.contains("{{") && !document.html.contains("{{"), "an unrendered tag")
        #expect(!document.text.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }, "a block marker left")
        // The customer's name appears everywhere; the sales note is written to the rep instead.
        #expect(document.text.contains("Brasserie du Port"))
        if kind == .salesEscalation {
            #expect(!text.contains("Dear Sir or Madam") && !text.contains("Madame, Monsieur"))
        } else {
            #expect(text.contains(language == .en ? "Dear Sir or Madam," : "Madame, Monsieur,"))
        }
        // The HTML is one page that stands alone.
        let html = document.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("size: A4"))
        for forbidden in ["<script", "<link", "<img", "src=", "href=", "@import", "url("] {
            #expect(!html.lowercased().contains(forbidden), "the HTML contains \(forbidden)")
        }
    }

    @Test(arguments: Language.allCases)
    func subjectsDifferAndTheToneGrowsFirmer(language: Language) throws {
        var subjects: [String] = []
        var texts: [DocumentKind: String] = [:]
        for kind in DocumentKind.allCases {
            let document = try render(context(kind, language))
            subjects.append(document.subject)
            texts[kind] = flat(document.text).lowercased()
        }
        #expect(Set(subjects).count == subjects.count, "two kinds share a subject: \(subjects)")
        // The friendly steps threaten nothing; the later ones name what follows.
        let threats =
            language == .en
            ? ["legal proceedings", "collection agency", "lawyer"]
            : ["action en justice", "cabinet de recouvrement", "avocat"]
        for kind in [DocumentKind.courtesyReminder, .reminder] {
            for threat in threats { #expect(!(texts[kind] ?? "").contains(threat), "\(kind) says \(threat)") }
        }
        #expect(texts[.finalNotice]?.contains(threats[0]) == true)
        #expect(texts[.agencyReferral]?.contains(threats[1]) == true)
        let demand = language == .en ? "formally demand" : "mettons en demeure"
        #expect(texts[.lawyerLetter]?.contains(demand) == true)
        for kind in DocumentKind.allCases where kind != .lawyerLetter {
            #expect(!(texts[kind] ?? "").contains(demand), "\(kind) makes a formal demand")
        }
    }

    // MARK: - The statement

    /// Letters escape text like the reports and charts do: markup characters as references,
    /// a stray control character as a space.
    @Test func lettersEscapeMarkupAndControlCharacters() {
        let html = LetterHTML.render(
            [.paragraph("Dupont & fils <SARL> \"l'été\" a\u{1}b"), .bullets(["x\u{85}y"])], title: "Relance\u{7F}1",
            language: .fr)
        #expect(html.contains("<p>Dupont &amp; fils &lt;SARL&gt; &quot;l&#39;été&quot; a b</p>"))
        #expect(html.contains("<li>x y</li>"))
        #expect(html.contains("<title>Relance 1</title>"))
    }

    @Test func totalsArePerCurrencyWithDeductions() throws {
        let totals = try StatementTotals(items: statementItems)
        #expect(totals.currencies.map(\.currency) == [.EUR, .USD])
        let euros = try #require(totals[.EUR])
        #expect(euros.due == eur("2034.56"))
        #expect(euros.credits == eur("150.00"))
        #expect(euros.unappliedCash == eur("100.00"))
        #expect(euros.balance == eur("1784.56"))
        #expect(euros.underReviewCount == 1)
        #expect(euros.underReview == eur("300.00"))
        let dollars = try #require(totals[.USD])
        #expect(dollars.due == usd("2000.00"))
        #expect(dollars.credits == usd("250.00"))
        #expect(dollars.unappliedCash.isZero)
        #expect(dollars.balance == usd("1750.00"))
        #expect(dollars.underReviewCount == 0)
        #expect(totals.balance == CurrencyTotals([eur("1784.56"), usd("1750.00")]))
        #expect(totals.underReviewCount == 1)
    }

    @Test func theStatementTableShowsTotalsPerCurrency() throws {
        let document = try render(context(.reminder, .en))
        let lines = document.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(_ prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }
        let header = try #require(line("Reference"))
        #expect(header.contains("Issued") && header.contains("Due") && header.contains("Days late"))
        #expect(header.hasSuffix("Open"))
        #expect(try #require(line("INV-101")).hasSuffix("1,500.00 EUR  1,234.56 EUR"))
        #expect(try #require(line("CN-7")).hasSuffix("-200.00 EUR   -150.00 EUR"))
        #expect(try #require(line("PAY-9 (unapplied payment)")).hasSuffix("-100.00 EUR"))
        #expect(try #require(line("Invoices due")).hasSuffix("2,034.56 EUR"))
        #expect(try #require(line("Less credit notes")).hasSuffix("-150.00 EUR"))
        #expect(try #require(line("Less unapplied payments")).hasSuffix("-100.00 EUR"))
        let balances = lines.filter { $0.hasPrefix("Balance due") }
        #expect(balances.count == 2)
        #expect(balances.first?.hasSuffix("1,784.56 EUR") == true)
        #expect(balances.last?.hasSuffix("1,750.00 USD") == true)
        #expect(lines.contains("1 invoice under review, not requested (300.00 EUR)"))
        // Aligned: the header, the rule, every row and every total end in the same column.
        let start = try #require(lines.firstIndex(of: header))
        let end = try #require(lines.lastIndex { $0.hasPrefix("Balance due") })
        let widths = Set(lines[start...end].map(\.count))
        #expect(widths.count == 1, "columns are not aligned: \(lines[start...end].map(\.count))")
        // The HTML has the same figures, in a table.
        #expect(document.html.contains("<td class=\"num\">1,784.56 EUR</td>"))
        #expect(document.html.contains("<td class=\"num\">1,750.00 USD</td>"))
    }

    @Test(arguments: Language.allCases)
    func anInvoiceUnderReviewIsListedButNeverAskedFor(language: Language) throws {
        let document = try render(context(.secondNotice, language))
        let row = try #require(document.text.split(separator: "\n").first { $0.hasPrefix("INV-103") })
        #expect(row.hasSuffix(language == .en ? "under review" : "en cours d'examen"))
        // Not in what is asked for: the balance and the subject leave it out.
        #expect(!document.subject.contains("2,084.56") && !document.subject.contains("2 084,56"))
        #expect(document.subject.contains(language == .en ? "1,784.56 EUR" : "1\u{202F}784,56 EUR"))
        #expect(document.html.contains("<tr class=\"review\"><td>INV-103</td>"))
        // Only the requested invoices reach the template's lists.
        let probe = TemplateFile(
            name: "second-notice.\(language.rawValue).mustache",
            text:
                "Subject: {{invoiceList}} / {{underReviewList}}\n\n{{balance}} {{#invoices}}[{{reference}}]{{/invoices}}\n"
        )
        let probed = try DocumentRenderer.render(
            context(.secondNotice, language), templates: TemplateSet(replacing: [probe]))
        #expect(probed.subject == "INV-101, INV-102, INV-201 / INV-103")
        #expect(flat(probed.text).contains("[INV-101][INV-102][INV-201]"))
    }

    @Test func anEmptyStatementSaysSo() throws {
        let document = try render(context(.reminder, .en, items: []))
        #expect(document.text.contains("No open item."))
    }

    @Test func aCustomerInCreditIsShownItsCredit() throws {
        let items = [
            StatementItem(reference: "INV-1", dueOn: letterDay - 3, amount: eur("50.00"), open: eur("50.00")),
            StatementItem(kind: .creditNote, reference: "CN-1", amount: eur("80.00"), open: eur("80.00")),
        ]
        let document = try render(context(.reminder, .en, items: items))
        #expect(
            document.text.split(separator: "\n").contains {
                $0.hasPrefix("Balance in your favour") && $0.hasSuffix("30.00 EUR")
            })
    }

    @Test func negativeOrMixedItemsAreRefused() {
        let negative = StatementItem(reference: "INV-9", amount: eur("10.00"), open: eur("-1.00"))
        #expect(throws: DocumentError.self) { try StatementTotals(items: [negative]) }
        let huge = Money(minorUnits: Int64.max / 2, currency: .EUR)
        let overflowing = [
            StatementItem(reference: "INV-6", amount: huge, open: huge),
            StatementItem(reference: "INV-7", amount: huge, open: huge),
        ]
        #expect(throws: DocumentError.self) { try StatementTotals(items: overflowing) }
        let mixed = StatementItem(reference: "INV-8", amount: eur("10.00"), open: usd("10.00"))
        do {
            _ = try StatementTotals(items: [mixed])
            Issue.record("a mixed item was accepted")
        } catch {
            #expect(error.description == "statement item \"INV-8\": its amount is in EUR but its open amount in USD")
        }
    }

    // MARK: - Formatting and escaping

    @Test func frenchAndEnglishDatesAndAmounts() throws {
        let fr = DocumentFormat(language: .fr)
        let en = DocumentFormat(language: .en)
        #expect(fr.amount(eur("1234.56")) == "1\u{202F}234,56 EUR")
        #expect(fr.amount(eur("1234567.8")) == "1\u{202F}234\u{202F}567,80 EUR")
        #expect(fr.amount(-eur("0.05")) == "-0,05 EUR")
        #expect(en.amount(eur("1234.56")) == "1,234.56 EUR")
        #expect(en.amount(Money(minorUnits: 1_200_000, currency: .JPY)) == "1,200,000 JPY")
        #expect(fr.longDate(letterDay) == "24 novembre 2026")
        #expect(fr.longDate(Day(year: 2026, month: 12, day: 1)!) == "1er décembre 2026")
        #expect(fr.longDate(Day(year: 2027, month: 2, day: 3)!) == "3 février 2027")
        #expect(en.longDate(letterDay) == "24 November 2026")
        #expect(en.shortDate(Day(year: 2026, month: 3, day: 5)!) == "05 Mar 2026")
        #expect(fr.shortDate(Day(year: 2026, month: 3, day: 5)!) == "05/03/2026")
        #expect(fr.amounts([eur("1"), usd("2")]) == "1,00 EUR et 2,00 USD")

        let document = try render(context(.reminder, .fr))
        #expect(document.text.contains("Le 24 novembre 2026"))
        #expect(document.text.contains("Objet\u{00A0}: Rappel de paiement"))
        #expect(document.text.contains("1\u{202F}784,56 EUR"))
        #expect(flat(document.text).contains("d'ici le 4 décembre 2026"))
        #expect(document.text.contains("04/11/2026"), "the due day of INV-101 in the table")
        // French spacing: no line starts with a colon, the « » hold no-break spaces.
        #expect(!document.text.split(separator: "\n").contains { $0.hasPrefix(":") || $0.hasPrefix(";") })
        #expect(document.html.contains("«\u{00A0}en cours d&#39;examen\u{00A0}»"))
    }

    @Test func wrappingNeverSplitsAnAmountFromItsCurrency() {
        let text = String(repeating: "word ", count: 13) + "pay 1,234.56 EUR now"
        let lines = LetterText.wrap(text, width: 72)
        #expect(lines.allSatisfy { $0.count <= 72 })
        #expect(!lines.contains { $0.hasPrefix("EUR") })
        #expect(lines.joined(separator: " ") == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: Language.allCases)
    func hostileNamesAreEscapedInHTML(language: Language) throws {
        var hostile = context(.finalNotice, language)
        hostile.customer.name = "Dupont & Fils <script>alert('x')</script>"
        hostile.customer.addressLines = ["\"><img src=x onerror=alert(1)>", "Line\nBreak\r\nInjected"]
        hostile.items[0].reference = "INV-<b>1</b>"
        let document = try render(hostile)
        #expect(document.html.contains("Dupont &amp; Fils &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(document.html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(document.html.contains("INV-&lt;b&gt;1&lt;/b&gt;"))
        #expect(!document.html.contains("<script") && !document.html.contains("<img") && !document.html.contains("<b>"))
        // The text keeps the name as it is, on one line.
        #expect(document.text.contains("Dupont & Fils <script>alert('x')</script>"))
        #expect(document.text.contains("Line Break Injected"))
    }

    @Test func aNameCannotPoseAsABlock() throws {
        var forged = context(.reminder, .en)
        forged.customer.name = "\u{E000}statement\u{E001}"
        let document = try render(forged)
        #expect(document.text.components(separatedBy: "Statement of account").count == 2)
    }

    // MARK: - Letterheads and packets

    @Test(arguments: Language.allCases)
    func theLawyerLetterIsOnTheFirmsLetterhead(language: Language) throws {
        let document = try render(context(.lawyerLetter, language))
        let lines = document.text.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.prefix(4)) == [
                "Cabinet Lefèvre & Associés", "8 avenue de l'Opéra", "75001 Paris",
                "contact@lefevre.example · +33 1 40 00 00 00",
            ])
        #expect(document.text.contains("LF/2026/0815 / N-1042"))
        #expect(document.text.contains(language == .en ? "On behalf of: ACME Supplies SAS" : "ACME Supplies SAS"))
        #expect(document.html.contains("<div class=\"name\">Cabinet Lefèvre &amp; Associés</div>"))
        #expect(document.html.contains("<div>8 avenue de l&#39;Opéra</div>"))
        // Signed by the firm, not by the collector.
        #expect(lines.last?.contains("+33 1 40 00 00 00") == true)
        #expect(!document.text.contains("Claire Martin"))
        // The contact history backs the demand.
        #expect(document.text.contains(language == .en ? "promised to pay" : "téléphone"))
    }

    @Test func theLawyerLetterNeedsAFirm() {
        var letter = context(.lawyerLetter, .en)
        letter.lawFirm = nil
        #expect(
            throws: DocumentError.missingField(
                kind: "lawyer-letter", field: "lawFirm, the firm whose letterhead it is written on")
        ) {
            try render(letter)
        }
    }

    @Test func otherKindsNeedWhatTheySay() {
        var note = context(.salesEscalation, .en)
        note.salesRep = nil
        #expect(throws: DocumentError.self) { try render(note) }
        var claim = context(.smallClaims, .fr)
        claim.court = "  "
        #expect(throws: DocumentError.self) { try render(claim) }
        #expect(throws: DocumentError.invoiceCopyNeedsOneInvoice(found: 4)) {
            try render(context(.invoiceCopy, .en, items: statementItems))
        }
        var unknown = context(.reminder, .en)
        unknown.kind = "gentle-nudge"
        #expect(throws: DocumentError.unknownKind("gentle-nudge")) { try render(unknown) }
    }

    @Test func theSalesNoteIsWrittenToTheRep() throws {
        let document = try render(context(.salesEscalation, .en))
        let text = document.text
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("To: ") && $0.hasSuffix(" Marc Dubois <marc.dubois@acme.example>") })
        #expect(lines.contains { $0.hasPrefix("Customer: ") && $0.hasSuffix(" Brasserie du Port (C-0042)") })
        #expect(!text.contains("3 quai de la Fosse"), "no customer address block on an internal note")
    }

    @Test(arguments: Language.allCases)
    func theSmallClaimsPacketHasEverything(language: Language) throws {
        let document = try render(context(.smallClaims, language))
        let text = flat(document.text)
        for invoice in ["INV-101", "INV-102", "INV-201"] { #expect(text.contains(invoice)) }
        #expect(text.contains("reminder sent") && text.contains("accountant on leave"))
        #expect(text.contains("D-4") && text.contains("damaged-goods"))
        // Amount claimed, per currency, and the court's limit.
        let claimed = language == .en ? "1,784.56 EUR" : "1\u{202F}784,56 EUR"
        #expect(text.contains(claimed))
        #expect(text.contains(language == .en ? "1,750.00 USD" : "1\u{202F}750,00 USD"))
        #expect(text.contains(language == .en ? "Small-claims limit: 5,000.00 EUR" : "5\u{202F}000,00 EUR"))
        #expect(!text.contains("exceeds the limit") && !text.contains("dépasse le plafond"))
        // Addressed to the court.
        #expect(document.text.contains("\nTribunal de commerce de Nantes\n"))
    }

    @Test func aPacketWithAnOpenDisputeListsIt() throws {
        let disputes = [
            DisputeEntry(id: "D-4", category: "damaged-goods", openedOn: letterDay - 70, resolvedOn: letterDay - 40),
            DisputeEntry(id: "D-9", category: "pricing-error", openedOn: letterDay - 6),
        ]
        let document = try render(context(.smallClaims, .en, disputes: disputes))
        let text = flat(document.text)
        #expect(text.contains("Disputes still open: D-9."))
        #expect(!text.contains("No dispute is open."))
        #expect(!text.contains("the defendant has no dispute open"))
        let french = flat(try render(context(.smallClaims, .fr, disputes: disputes)).text)
        #expect(french.contains("Litiges toujours en cours\u{00A0}: D-9."))
    }

    @Test func aClaimAboveTheLimitIsFlagged() throws {
        var claim = context(.smallClaims, .en)
        claim.claimLimit = eur("1000.00")
        #expect(flat(try render(claim).text).contains("1,000.00 EUR — exceeds the limit"))
    }

    @Test func theInvoiceCopyShowsTheInvoice() throws {
        let document = try render(context(.invoiceCopy, .en))
        let text = document.text
        #expect(text.contains("Invoice number: INV-101"))
        #expect(text.contains("Issue date:     5 October 2026"))
        #expect(text.contains("Due date:       4 November 2026"))
        #expect(text.contains("Open:           1,234.56 EUR"))
        #expect(flat(text).contains("The amount still open on this invoice is 1,234.56 EUR, due on 4 November 2026."))
        let page = try DocumentRenderer.invoiceCopyHTML(context(.invoiceCopy, .fr))
        #expect(page.contains("<h1>DUPLICATA</h1>"))
        #expect(page.contains("<h2>Facture INV-101</h2>"))
        #expect(page.contains("1\u{202F}234,56 EUR"))
    }

    // MARK: - Template overrides

    @Test func anOverrideFolderReplacesAShippedTemplate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(
            "Subject: Petit rappel — {{customerCode}}\n\nBonjour,\n\nVous nous devez {{balance}}.\n\n{{statement}}\n\nMerci.\n",
            to: folder, "reminder.fr.mustache")
        try write("ignored", to: folder, ".DS_Store")
        let templates = try TemplateSet(overridesIn: folder)
        #expect(templates.overridden == ["reminder.fr.mustache"])
        let document = try DocumentRenderer.render(context(.reminder, .fr), templates: templates)
        #expect(document.subject == "Petit rappel — C-0042")
        #expect(flat(document.text).contains("Vous nous devez 1\u{202F}784,56 EUR et 1\u{202F}750,00 USD."))
        #expect(document.text.contains("Relevé de compte au 24 novembre 2026"))
        // The other language and the other kinds keep the shipped wording.
        #expect(
            try DocumentRenderer.render(context(.reminder, .en), templates: templates).subject.hasPrefix(
                "Payment reminder"))
        #expect(
            templates.source(kind: .reminder, language: .en)
                == (try TemplateSet()).source(kind: .reminder, language: .en))
    }

    @Test func aStatementLeftOutOfAnOverrideIsStillPrinted() throws {
        let probe = TemplateFile(name: "reminder.en.mustache", text: "Subject: Hi\n\nHello.\n\nBye.\n")
        let document = try DocumentRenderer.render(context(.reminder, .en), templates: TemplateSet(replacing: [probe]))
        let text = document.text
        let hello = try #require(text.range(of: "Hello."))
        let table = try #require(text.range(of: "Statement of account"))
        let bye = try #require(text.range(of: "Bye."))
        #expect(hello.lowerBound < table.lowerBound && table.lowerBound < bye.lowerBound)
    }

    @Test func aBrokenOverrideNamesItsFileAndLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(
            "Subject: Final\n\nDear Sir or Madam,\n\n{{#payBy}}Pay by {{payBy}}.\n\n{{statement}}\n", to: folder,
            "final-notice.en.mustache")
        let path = (folder as NSString).appendingPathComponent("final-notice.en.mustache")
        do {
            _ = try TemplateSet(overridesIn: folder)
            Issue.record("a broken template was accepted")
        } catch {
            guard case .templateSyntax(let file, let line, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(file == path)
            #expect(line >= 5)
            #expect(error.description.contains("final-notice.en.mustache"))
            #expect(error.description.contains("opened but never closed"))
        }
    }

    @Test func badOverrideFilesAreRefusedByName() throws {
        let cases: [(String, String, (DocumentError) -> Bool)] = [
            (
                "reminder.de.mustache", "Subject: x\n\ny\n",
                { if case .unknownTemplateFile = $0 { true } else { false } }
            ),
            ("notes.txt", "hello", { if case .unknownTemplateFile = $0 { true } else { false } }),
            (
                "reminder.en.mustache", "Hello\n\nno subject\n",
                {
                    if case .templateFormat(_, 1, _) = $0 { true } else { false }
                }
            ),
            (
                "reminder.en.mustache", "Subject: x\nno blank line\n",
                {
                    if case .templateFormat(_, 2, _) = $0 { true } else { false }
                }
            ),
            (
                "reminder.en.mustache", "Subject: {{#x}}\n\nbody\n",
                {
                    if case .templateSyntax(_, 1, _, _) = $0 { true } else { false }
                }
            ),
        ]
        for (name, text, matches) in cases {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try write(text, to: folder, name)
            do {
                _ = try TemplateSet(overridesIn: folder)
                Issue.record("\(name) was accepted")
            } catch {
                #expect(matches(error), "\(name): \(error)")
                #expect(error.description.contains(name), "\(error) does not name \(name)")
            }
        }
        #expect(throws: DocumentError.overridesFolder(path: "/nonexistent/dun-templates", reason: "it does not exist"))
        {
            try TemplateSet(overridesIn: "/nonexistent/dun-templates")
        }
    }

    @Test func aMisspeltValueIsAnError() throws {
        let probe = TemplateFile(name: "reminder.en.mustache", text: "Subject: Hi {{custmerName}}\n\nHello.\n")
        #expect(throws: DocumentError.unknownTemplateValue(file: "reminder.en.mustache", name: "custmerName")) {
            try DocumentRenderer.render(context(.reminder, .en), templates: TemplateSet(replacing: [probe]))
        }
    }

    @Test func everyValueGivenIsAKnownName() throws {
        for kind in DocumentKind.allCases {
            let sheet = try DocumentSheet(context(kind, .en))
            let names = Set(sheet.values().keys)
            #expect(names.isSubset(of: DocumentSheet.valueNames), "\(names.subtracting(DocumentSheet.valueNames))")
        }
    }

    // MARK: - Email

    @Test func theEmailCarriesTheLetterAndTheStatement() throws {
        let letter = context(.reminder, .fr)
        let document = try render(letter)
        let message = try compose(document, letter)
        #expect(message.subject == document.subject)
        #expect(message.textBody == document.text)
        #expect(message.htmlBody == document.html)
        #expect(message.messageID.description == "<n1042-1@acme.example>")
        #expect(message.attachments.map(\.filename) == ["statement-C-0042-2026-11-24.csv"])
        #expect(message.attachments.first?.contentType == "text/csv; charset=utf-8")
        let bytes = message.rendered()
        #expect(bytes.allSatisfy { $0 < 0x80 }, "the message is 7-bit")
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(raw.contains("multipart/mixed") && raw.contains("multipart/alternative"))
    }

    @Test func theStatementCSVParsesBack() throws {
        let letter = context(.reminder, .en)
        let message = try compose(try render(letter), letter)
        let attachment = try #require(message.attachments.first)
        let text = try #require(String(bytes: attachment.data, encoding: .utf8))
        #expect(text.hasSuffix("\r\n"))
        let rows = parseCSV(text)
        #expect(rows.first == EmailComposer.statementColumns)
        let records = rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(rows[0], $0)) }
        #expect(records.count == statementItems.count)
        for (record, item) in zip(records, statementItems) {
            #expect(record["kind"] == item.kind.rawValue)
            #expect(record["reference"] == item.reference)
            #expect(record["issued_on"] == (item.issuedOn?.iso ?? ""))
            #expect(record["due_on"] == (item.dueOn?.iso ?? ""))
            #expect(record["currency"] == item.open.currency.code)
            #expect(record["amount"] == item.amount.decimalString)
            #expect(record["open"] == item.open.decimalString)
            #expect(record["under_review"] == (item.underReview ? "true" : "false"))
        }
        #expect(records[3]["reference"] == "CN-7 \"retour\", lot 2")
        // Summing `requested` per currency gives the balance of the letter.
        var sums = CurrencyTotals()
        for record in records {
            let currency = try #require(Currency(code: record["currency"] ?? ""))
            sums.add(try Money.parse(record["requested"] ?? "", currency: currency))
        }
        #expect(sums == (try StatementTotals(items: statementItems)).balance)
    }

    /// A reference comes from an ERP file and can be anything; a spreadsheet must not run it.
    @Test func theStatementCSVNeutralisesFormulas() throws {
        let items = [
            StatementItem(
                reference: "=HYPERLINK(\"http://evil.example\",\"pay here\")", issuedOn: letterDay - 50,
                dueOn: letterDay - 20, amount: eur("1500.00"), open: eur("1500.00"), daysPastDue: 20),
            StatementItem(
                kind: .creditNote, reference: "@CN-1", issuedOn: letterDay - 10, amount: eur("200.00"),
                open: eur("200.00")),
        ]
        let letter = context(.reminder, .en, items: items)
        let message = try compose(try render(letter), letter)
        let attachment = try #require(message.attachments.first)
        let text = try #require(String(bytes: attachment.data, encoding: .utf8))
        let lines = text.components(separatedBy: "\r\n")
        #expect(
            lines[1]
                == "invoice,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"pay here\"\")\",2026-10-05,2026-11-04,20,EUR,1500.00,1500.00,false,1500.00"
        )
        #expect(lines[2] == "credit-note,\"'@CN-1\",2026-11-14,,,EUR,200.00,200.00,false,-200.00")
    }

    @Test func anInvoiceCopyEmailAttachesTheCopy() throws {
        let letter = context(.invoiceCopy, .en)
        let message = try compose(try render(letter), letter)
        #expect(message.attachments.map(\.filename) == ["statement-C-0042-2026-11-24.csv", "invoice-INV-101.html"])
        let page = try #require(message.attachments.last)
        #expect(page.contentType == "text/html; charset=utf-8")
        let html = String(decoding: page.data, as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("INV-101") && !html.contains("<script"))
    }

    @Test func mailProblemsAreReported() throws {
        let letter = context(.reminder, .en)
        let document = try render(letter)
        let from = try MailAddress(name: "ACME", address: "compta@acme.example")
        let date = try MailDate(day: letterDay, hour: 9, minute: 30, utcOffsetMinutes: 60)
        #expect(throws: DocumentError.mail(.noRecipients)) {
            try EmailComposer.compose(
                document, context: letter, from: from, replyTo: nil, to: [], token: "t1", date: date)
        }
    }

    // MARK: - Helpers

    private func compose(_ document: RenderedDocument, _ context: DocumentContext) throws -> MailMessage {
        try EmailComposer.compose(
            document, context: context, from: MailAddress(name: "ACME Supplies", address: "compta@acme.example"),
            replyTo: MailAddress(address: "claire.martin@acme.example"),
            to: [MailAddress(name: context.customer.name, address: "compta@brasserie.example")], token: "n1042-1",
            date: MailDate(day: letterDay, hour: 9, minute: 30, utcOffsetMinutes: 60))
    }

    private func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dun-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, to folder: String, _ name: String) throws {
        try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

/// A strict RFC 4180 reader for the test: quoted fields with doubled quotes, CRLF records.
private func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)[...]
    while let character = characters.popFirst() {
        if quoted {
            if character == "\"" {
                if characters.first == "\"" {
                    field.append("\"")
                    characters.removeFirst()
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
        } else if character == "\"" && field.isEmpty {
            quoted = true
        } else if character == "," {
            row.append(field)
            field = ""
        } else if character == "\r\n" || character == "\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(character)
        }
    }
    if !field.isEmpty || !row.isEmpty { rows.append(row + [field]) }
    return rows
}
