/// Bad input in a file: names the file, the line and what is wrong with it.
public struct InterchangeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line; 0 when the problem is the file as a whole.
    public var line: Int
    public var field: String?
    public var message: String
    /// 1-based column, for a text file edited by hand (YAML), where editors jump to `file:line:column`.
    public var column: Int?

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public init(file: String, line: Int, column: Int, message: String) {
        self.init(file: file, line: line, message: message)
        self.column = column
    }

    /// `invoices.csv line 14: amount "12,5O" is not a number`; with a column,
    /// `taxonomy/categories.yaml:12:5: duplicate key "code"`.
    public var description: String {
        if let column, line > 0 { return "\(file):\(line):\(column): \(message)" }
        return line > 0 ? "\(file) line \(line): \(message)" : "\(file): \(message)"
    }
}
