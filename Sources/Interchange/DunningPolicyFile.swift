import Receivables
import Yams

/// Reads and writes the dunning policy as YAML, the file `dun dunning policy --load` takes.
///
/// ```yaml
/// minimum_amount: {EUR: "25.00"}
/// promise_grace_days: 3
/// courtesy_reminder: {days_before_due: 3, channel: email}   # omit to keep it off
/// steps:
///   - code: reminder
///     channel: email            # email | letter | call | task
///     days_past_due: 7
///     min_gap_days: 7
///     segments: [A, B, C]       # optional, all by default
///     min_balance: {EUR: "500.00"}          # optional
///     earlier_above: {days_past_due: 28, balance: {EUR: "10000.00"}}   # optional
///     otherwise: agency-referral            # optional: taken above the claim limit
/// claim_limits:
///   FR: {EUR: "5000.00"}
/// ```
public enum DunningPolicyFile {
    public static func read(text: String, file: String) throws(InterchangeError) -> DunningPolicy {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InterchangeError(file: file, line: 0, message: "the file is empty")
            }
            root = node
        } catch let error as InterchangeError {
            throw error
        } catch let error as YamlError {
            throw InterchangeError(
                file: file, line: TaxonomyFiles.line(of: error), message: TaxonomyFiles.problem(of: error))
        } catch {
            throw InterchangeError(file: file, line: 0, message: "\(error)")
        }
        let reader = TaxonomyFiles.NodeReader(file: file)
        let fields = try reader.fields(
            root, "the policy",
            allowed: ["minimum_amount", "promise_grace_days", "courtesy_reminder", "steps", "claim_limits"])
        var policy = DunningPolicy(steps: [])
        if let node = fields["minimum_amount"] { policy.minimumAmount = try amounts(node, "minimum_amount", reader) }
        if let node = fields["promise_grace_days"] {
            policy.promiseGraceDays = try int(node, "promise_grace_days", reader)
        }
        if let node = fields["courtesy_reminder"] {
            let courtesy = try reader.fields(node, "courtesy_reminder", allowed: ["days_before_due", "channel"])
            guard let days = courtesy["days_before_due"] else {
                throw reader.error(node, "courtesy_reminder needs days_before_due")
            }
            policy.courtesyDaysBeforeDue = try int(days, "days_before_due", reader)
            if let channel = courtesy["channel"] { policy.courtesyChannel = try self.channel(channel, reader) }
        }
        guard let stepsNode = fields["steps"] else { throw reader.error(root, "the policy has no steps") }
        for item in try reader.sequence(stepsNode, "steps") {
            let step = try reader.fields(
                item, "step",
                allowed: [
                    "code", "channel", "days_past_due", "min_gap_days", "segments", "min_balance", "earlier_above",
                    "otherwise",
                ])
            var ladderStep = LadderStep(
                code: try reader.requiredString(step, "code", in: item),
                channel: try channel(step["channel"] ?? item, reader),
                daysPastDue: try int(try required(step, "days_past_due", item, reader), "days_past_due", reader),
                minGapDays: try int(try required(step, "min_gap_days", item, reader), "min_gap_days", reader))
            if let segments = step["segments"] {
                var set = Set<Segment>()
                for node in try reader.sequence(segments, "segments") {
                    let text = try reader.string(node, "segment")
                    guard let segment = Segment(rawValue: text.uppercased()) else {
                        throw reader.error(node, "segment \"\(text)\" must be A, B or C")
                    }
                    set.insert(segment)
                }
                ladderStep.segments = set
            }
            if let node = step["min_balance"] { ladderStep.minBalance = try amounts(node, "min_balance", reader) }
            if let node = step["earlier_above"] {
                let earlier = try reader.fields(node, "earlier_above", allowed: ["days_past_due", "balance"])
                ladderStep.earlierAbove = EarlierAbove(
                    daysPastDue: try int(try required(earlier, "days_past_due", node, reader), "days_past_due", reader),
                    balance: try amounts(try required(earlier, "balance", node, reader), "balance", reader))
            }
            if let node = step["otherwise"] { ladderStep.otherwise = try reader.string(node, "otherwise") }
            policy.steps.append(ladderStep)
        }
        if let node = fields["claim_limits"] {
            for (key, value) in try reader.mapping(node, "claim_limits") {
                let country = try reader.string(key, "country").uppercased()
                guard country.count == 2, country.allSatisfy({ $0.isLetter }) else {
                    throw reader.error(key, "\"\(country)\" is not an ISO country code such as FR")
                }
                policy.claimLimits[country] = try amounts(value, "claim limit", reader)
            }
        }
        if let problem = policy.problems().first {
            throw InterchangeError(file: file, line: stepsNode.mark?.line ?? 0, message: problem)
        }
        return policy
    }

    static func required(
        _ fields: [String: Node], _ name: String, _ parent: Node, _ reader: TaxonomyFiles.NodeReader
    ) throws(InterchangeError) -> Node {
        guard let node = fields[name] else { throw reader.error(parent, "missing field \"\(name)\"") }
        return node
    }

    static func int(_ node: Node, _ name: String, _ reader: TaxonomyFiles.NodeReader) throws(InterchangeError) -> Int {
        let text = try reader.string(node, name)
        guard let value = Int(text), value >= 0 else {
            throw reader.error(node, "\(name) \"\(text)\" is not a whole number of days")
        }
        return value
    }

    static func channel(_ node: Node, _ reader: TaxonomyFiles.NodeReader) throws(InterchangeError) -> DunningChannel {
        let text = try reader.string(node, "channel")
        guard let channel = DunningChannel(rawValue: text) else {
            throw reader.error(node, "channel \"\(text)\" must be email, letter, call or task")
        }
        return channel
    }

    static func amounts(
        _ node: Node, _ name: String, _ reader: TaxonomyFiles.NodeReader
    ) throws(InterchangeError) -> [Currency: Money] {
        var amounts: [Currency: Money] = [:]
        for (key, value) in try reader.mapping(node, name) {
            let code = try reader.string(key, "currency")
            guard let currency = Currency(code: code) else {
                throw reader.error(key, "currency \"\(code)\" is not an ISO 4217 currency code")
            }
            let text = try reader.string(value, "amount")
            do {
                amounts[currency] = try Money.parse(text, currency: currency)
            } catch {
                throw reader.error(value, "\(name) \(code) \"\(text)\" is not an amount")
            }
        }
        return amounts
    }

    /// The policy as YAML that ``read(text:file:)`` reads back to the same policy.
    public static func write(_ policy: DunningPolicy) -> String {
        func amounts(_ amounts: [Currency: Money]) -> String {
            "{" + amounts.keys.sorted().map { "\($0.code): \"\(amounts[$0]!.decimalString)\"" }.joined(separator: ", ")
                + "}"
        }
        var lines: [String] = []
        if !policy.minimumAmount.isEmpty { lines.append("minimum_amount: \(amounts(policy.minimumAmount))") }
        lines.append("promise_grace_days: \(policy.promiseGraceDays)")
        if let days = policy.courtesyDaysBeforeDue {
            lines.append("courtesy_reminder: {days_before_due: \(days), channel: \(policy.courtesyChannel.rawValue)}")
        }
        lines.append("steps:")
        for step in policy.steps {
            lines.append("  - code: \(step.code)")
            lines.append("    channel: \(step.channel.rawValue)")
            lines.append("    days_past_due: \(step.daysPastDue)")
            lines.append("    min_gap_days: \(step.minGapDays)")
            if step.segments != Set(Segment.allCases) {
                lines.append("    segments: [\(step.segments.sorted().map(\.rawValue).joined(separator: ", "))]")
            }
            if !step.minBalance.isEmpty { lines.append("    min_balance: \(amounts(step.minBalance))") }
            if let earlier = step.earlierAbove {
                lines.append(
                    "    earlier_above: {days_past_due: \(earlier.daysPastDue), balance: \(amounts(earlier.balance))}")
            }
            if let otherwise = step.otherwise { lines.append("    otherwise: \(otherwise)") }
        }
        if !policy.claimLimits.isEmpty {
            lines.append("claim_limits:")
            for country in policy.claimLimits.keys.sorted() {
                lines.append("  \(country): \(amounts(policy.claimLimits[country]!))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
