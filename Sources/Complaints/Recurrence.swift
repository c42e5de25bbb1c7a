import Receivables

/// A dispute as recurrence sees it: who, what, when.
public struct DisputeOccurrence: Hashable, Sendable {
    public var id: DisputeID
    public var customer: CustomerCode
    /// The top-level category.
    public var category: String
    public var subjects: [Subject]
    public var openedOn: Day

    public init(id: DisputeID, customer: CustomerCode, category: String, subjects: [Subject] = [], openedOn: Day) {
        self.id = id
        self.customer = customer
        self.category = category
        self.subjects = subjects
        self.openedOn = openedOn
    }
}

/// A dispute that repeats an earlier one, and the earlier one it repeats.
public struct RecurrenceLink: Hashable, Sendable {
    public var dispute: DisputeID
    public var previous: DisputeID
    public var previousOpenedOn: Day
    public var daysSince: Int
}

/// Recurrence: a dispute is recurring when the same customer had another dispute of the same
/// top-level category opened in the 90 days before it (day 90 counts, day 91 does not).
public enum Recurrence {
    /// How far back an earlier dispute makes a new one recurring, in days.
    public static let windowDays = 90

    /// Whether a dispute opened on `earlier` makes one opened on `later` recurring.
    public static func isWithinWindow(earlier: Day, later: Day) -> Bool {
        let gap = later - earlier
        return gap >= 0 && gap <= windowDays
    }

    /// For each recurring dispute, the most recent earlier dispute of the same customer and
    /// category. Same-day disputes count in the order of their ids.
    public static func byCustomer(_ occurrences: [DisputeOccurrence]) -> [DisputeID: RecurrenceLink] {
        let ordered = occurrences.sorted {
            ($0.customer.text, $0.category, $0.openedOn.ordinal, $0.id.rawValue)
                < ($1.customer.text, $1.category, $1.openedOn.ordinal, $1.id.rawValue)
        }
        var links: [DisputeID: RecurrenceLink] = [:]
        for (previous, current) in zip(ordered, ordered.dropFirst())
        where previous.customer == current.customer && previous.category == current.category
            && isWithinWindow(earlier: previous.openedOn, later: current.openedOn)
        {
            links[current.id] = RecurrenceLink(
                dispute: current.id, previous: previous.id, previousOpenedOn: previous.openedOn,
                daysSince: current.openedOn - previous.openedOn)
        }
        return links
    }

    /// For each dispute that names a subject seen in another dispute (of any customer) in the
    /// 90 days before it, the subjects it repeats.
    public static func bySubject(_ occurrences: [DisputeOccurrence]) -> [DisputeID: [Subject]] {
        var bySubject: [Subject: [DisputeOccurrence]] = [:]
        for occurrence in occurrences {
            for subject in Set(occurrence.subjects) { bySubject[subject, default: []].append(occurrence) }
        }
        var repeats: [DisputeID: [Subject]] = [:]
        for (subject, list) in bySubject where list.count > 1 {
            let ordered = list.sorted { ($0.openedOn, $0.id) < ($1.openedOn, $1.id) }
            for (previous, current) in zip(ordered, ordered.dropFirst())
            where isWithinWindow(earlier: previous.openedOn, later: current.openedOn) {
                repeats[current.id, default: []].append(subject)
            }
        }
        return repeats.mapValues { $0.sorted() }
    }
}
