import Complaints
import Foundation
import Receivables

/// What `dun check` found: the engine's own integrity check, the references, and the ledger's
/// invariants, each kind of problem with its count and its first examples.
public struct LedgerCheck: Sendable {
    /// One kind of problem.
    public struct Problem: Sendable {
        /// A short name: `integrity`, `reference`, `invoice-balance`, `payment-applications`,
        /// `credit-applications`, `unjournaled`.
        public var kind: String
        public var count: Int
        /// The first few, one line each.
        public var examples: [String]

        public init(kind: String, count: Int, examples: [String]) {
            self.kind = kind
            self.count = count
            self.examples = examples
        }
    }

    /// How many rows of each kind were checked, in a fixed order.
    public var counts: [(name: String, count: Int)] = []
    public var problems: [Problem] = []

    public var isOK: Bool { problems.isEmpty }

    public init(counts: [(name: String, count: Int)] = [], problems: [Problem] = []) {
        self.counts = counts
        self.problems = problems
    }
}
