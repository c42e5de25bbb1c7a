import Receivables

/// The fixed words the renderer prints around the translated templates: table headings, the
/// reference line, totals, the small-claims packet's sections.
///
/// They live in code rather than in the templates because the statement, the histories and the
/// letter frame are laid out by code (aligned columns, escaped HTML), and a translator should not
/// have to rebuild a table in Mustache to change a word of it.
struct DocumentLabels: Sendable {
    var dateLine: @Sendable (String) -> String
    var subject: String
    var ourReference: String
    var customerAccount: String
    var lawFirmReference: String
    var onBehalfOf: String

    var statementTitle: @Sendable (String) -> String
    var columnReference: String
    var columnIssued: String
    var columnDue: String
    var columnDaysLate: String
    var columnAmount: String
    var columnOpen: String
    var creditNote: String
    var unappliedCash: String
    var underReview: String
    var totalInvoices: String
    var lessCredits: String
    var lessCash: String
    var balanceDue: String
    var creditBalance: String
    var underReviewNote: @Sendable (Int, String) -> String
    var emptyStatement: String

    var contactsTitle: String
    var columnDate: String
    var columnChannel: String
    var columnOutcome: String
    var columnNote: String
    var noContact: String

    var disputesTitle: String
    var columnDispute: String
    var columnCategory: String
    var columnOpened: String
    var columnResolved: String
    var stillOpen: String
    var noDispute: String
    var noOpenDispute: String
    var openDisputes: @Sendable (String) -> String

    var partiesTitle: String
    var claimant: String
    var defendant: String
    var court: String
    var amountClaimed: String
    var claimLimit: String
    var exceedsLimit: String
    var customerCodeLabel: String

    var invoiceTitle: @Sendable (String) -> String
    var invoiceNumber: String
    var issueDate: String
    var dueDate: String
    var status: String
    var statusOverdue: @Sendable (Int) -> String
    var statusNotDue: String
    var statusPaid: String
    var copyNotice: String
    var billedTo: String

    var internalNote: String
    var memoTo: String
    var memoFrom: String
    var memoCustomer: String
    var memoDate: String
    var collections: String

    var channels: [String: String]

    static func of(_ language: Language) -> DocumentLabels {
        switch language {
        case .en: english
        case .fr: french
        }
    }

    /// A contact channel in the reader's language when it is one of the usual ones.
    func channel(_ raw: String) -> String { channels[raw.lowercased()] ?? raw }

    static let english = DocumentLabels(
        dateLine: { $0 },
        subject: "Subject",
        ourReference: "Our reference",
        customerAccount: "Customer account",
        lawFirmReference: "Our reference",
        onBehalfOf: "On behalf of",
        statementTitle: { "Statement of account at \($0)" },
        columnReference: "Reference",
        columnIssued: "Issued",
        columnDue: "Due",
        columnDaysLate: "Days late",
        columnAmount: "Amount",
        columnOpen: "Open",
        creditNote: "credit note",
        unappliedCash: "unapplied payment",
        underReview: "under review",
        totalInvoices: "Invoices due",
        lessCredits: "Less credit notes",
        lessCash: "Less unapplied payments",
        balanceDue: "Balance due",
        creditBalance: "Balance in your favour",
        underReviewNote: { count, amount in
            count == 1
                ? "1 invoice under review, not requested (\(amount))"
                : "\(count) invoices under review, not requested (\(amount))"
        },
        emptyStatement: "No open item.",
        contactsTitle: "Contact history",
        columnDate: "Date",
        columnChannel: "Channel",
        columnOutcome: "Outcome",
        columnNote: "Note",
        noContact: "No contact recorded.",
        disputesTitle: "Dispute history",
        columnDispute: "Dispute",
        columnCategory: "Category",
        columnOpened: "Opened",
        columnResolved: "Resolved",
        stillOpen: "open",
        noDispute: "No dispute has ever been raised about these invoices.",
        noOpenDispute: "No dispute is open.",
        openDisputes: { "Disputes still open: \($0)." },
        partiesTitle: "The claim",
        claimant: "Claimant",
        defendant: "Defendant",
        court: "Court",
        amountClaimed: "Amount claimed",
        claimLimit: "Small-claims limit",
        exceedsLimit: "exceeds the limit",
        customerCodeLabel: "customer account",
        invoiceTitle: { "Invoice \($0)" },
        invoiceNumber: "Invoice number",
        issueDate: "Issue date",
        dueDate: "Due date",
        status: "Status",
        statusOverdue: { $0 == 1 ? "1 day overdue" : "\($0) days overdue" },
        statusNotDue: "not yet due",
        statusPaid: "paid",
        copyNotice: "COPY",
        billedTo: "Billed to",
        internalNote: "INTERNAL NOTE",
        memoTo: "To",
        memoFrom: "From",
        memoCustomer: "Customer",
        memoDate: "Date",
        collections: "Credit and collections",
        channels: [:]
    )

    static let french = DocumentLabels(
        dateLine: { "Le \($0)" },
        subject: "Objet",
        ourReference: "Notre référence",
        customerAccount: "Compte client",
        lawFirmReference: "Nos références",
        onBehalfOf: "Pour le compte de",
        statementTitle: { "Relevé de compte au \($0)" },
        columnReference: "Pièce",
        columnIssued: "Date",
        columnDue: "Échéance",
        columnDaysLate: "Jours de retard",
        columnAmount: "Montant",
        columnOpen: "Reste dû",
        creditNote: "avoir",
        unappliedCash: "règlement non imputé",
        underReview: "en cours d'examen",
        totalInvoices: "Factures à régler",
        lessCredits: "Moins les avoirs",
        lessCash: "Moins les règlements non imputés",
        balanceDue: "Solde à régler",
        creditBalance: "Solde en votre faveur",
        underReviewNote: { count, amount in
            count == 1
                ? "1 facture en cours d'examen, non réclamée (\(amount))"
                : "\(count) factures en cours d'examen, non réclamées (\(amount))"
        },
        emptyStatement: "Aucune pièce ouverte.",
        contactsTitle: "Historique des relances",
        columnDate: "Date",
        columnChannel: "Canal",
        columnOutcome: "Résultat",
        columnNote: "Remarque",
        noContact: "Aucun contact enregistré.",
        disputesTitle: "Historique des litiges",
        columnDispute: "Litige",
        columnCategory: "Catégorie",
        columnOpened: "Ouvert le",
        columnResolved: "Clos le",
        stillOpen: "en cours",
        noDispute: "Aucun litige n'a jamais été soulevé au sujet de ces factures.",
        noOpenDispute: "Aucun litige n'est en cours.",
        openDisputes: { "Litiges toujours en cours\u{00A0}: \($0)." },
        partiesTitle: "La demande",
        claimant: "Demandeur",
        defendant: "Défendeur",
        court: "Juridiction",
        amountClaimed: "Somme réclamée",
        claimLimit: "Plafond des petites créances",
        exceedsLimit: "dépasse le plafond",
        customerCodeLabel: "compte client",
        invoiceTitle: { "Facture \($0)" },
        invoiceNumber: "Numéro de facture",
        issueDate: "Date d'émission",
        dueDate: "Date d'échéance",
        status: "Situation",
        statusOverdue: { $0 == 1 ? "échue depuis 1 jour" : "échue depuis \($0) jours" },
        statusNotDue: "non échue",
        statusPaid: "réglée",
        copyNotice: "DUPLICATA",
        billedTo: "Facturé à",
        internalNote: "NOTE INTERNE",
        memoTo: "À",
        memoFrom: "De",
        memoCustomer: "Client",
        memoDate: "Date",
        collections: "Service recouvrement",
        channels: [
            "email": "e-mail", "e-mail": "e-mail", "letter": "courrier", "phone": "téléphone", "call": "appel",
            "visit": "visite", "sms": "SMS",
        ]
    )
}
