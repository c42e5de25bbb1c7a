/// Bad input in a file: names the file, the line and what is wrong with it.
public struct InterchangeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line; 0 when the problem is the file as a whole.
    public var line: Int
    public var field: String?
    public var message: String

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `invoices.csv line 14: amount "12,5O" is not a number`.
    public var description: String {
        line > 0 ? "\(file) line \(line): \(message)" : "\(file): \(message)"
    }
}
