import Foundation

/// Files dun writes at a user's request (`--output`, a backup): never the ledger itself, and
/// never half-written.
public enum OutputFile {
    /// A path that names the ledger, or the write-ahead log or shared memory file beside it.
    public struct LedgerTarget: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var ledger: String
        public var description: String { "\(path) is the ledger \(ledger) (or its -wal/-shm file); name another file" }
    }

    /// Throws ``LedgerTarget`` when `path` is one of `files`, the files the ledger at `ledger`
    /// lives in (its engine names them), by real path after symbolic links and `..` are
    /// resolved, and by device and inode where both files exist (a hard link, a bind mount).
    public static func refuseLedger(_ path: String, ledger: String, files: [String]) throws(LedgerTarget) {
        if Set(files.map(resolved)).contains(resolved(path)) { throw LedgerTarget(path: path, ledger: ledger) }
        guard let file = identity(path) else { return }
        for target in files where identity(target) == file {
            throw LedgerTarget(path: path, ledger: ledger)
        }
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder, renamed over the
    /// target once complete: a reader or a crash sees the old file or the new one, never a
    /// part. Refuses the ledger's own files first. A target that is not a regular file (a
    /// terminal, a pipe, `/dev/stdout`) is written into as it is, never replaced.
    public static func save(
        _ bytes: some Collection<UInt8>, to path: String, ledger: (location: String, files: [String])?
    ) throws {
        if let ledger { try refuseLedger(path, ledger: ledger.location, files: ledger.files) }
        let data = Array(bytes)
        if isSpecial(path) {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { throw failure(path, errno) }
            defer { close(fd) }
            try writeAll(data, to: fd, path: path)
            return
        }
        try replace(path) { temporary in
            let fd = open(temporary, O_WRONLY | O_TRUNC)
            guard fd >= 0 else { throw failure(path, errno) }
            defer { close(fd) }
            try writeAll(data, to: fd, path: path)
            guard fsync(fd) == 0 else { throw failure(path, errno) }
        }
    }

    static func writeAll(_ data: [UInt8], to fd: Int32, path: String) throws {
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { write(fd, $0.baseAddress! + written, data.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            written += count
        }
    }

    /// Whether `path` exists and is neither a regular file nor a folder.
    static func isSpecial(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// Makes a temporary file beside `path`, lets `fill` write it, then renames it over `path`.
    /// The temporary file is removed when `fill` throws. The new file gets the mode a new file
    /// would (0666 less the umask), or the mode of the file it replaces.
    public static func replace(_ path: String, _ fill: (String) throws -> Void) throws {
        // Renamed over, a device's or a pipe's name would become a plain file.
        if isSpecial(path) { throw InputError(message: "cannot write \(path): it is not a regular file") }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array(
            (folder as NSString).appendingPathComponent(".\(url.lastPathComponent).dun-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, errno) }
        let temporary = String(cString: template)
        var info = stat()
        let mode: mode_t
        if stat(path, &info) == 0 {
            mode = info.st_mode & 0o7777
        } else {
            let mask = umask(0o022)
            umask(mask)
            mode = 0o666 & ~mask
        }
        fchmod(fd, mode)
        close(fd)
        do {
            try fill(temporary)
            guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func failure(_ path: String, _ code: Int32) -> InputError {
        InputError(message: "cannot write \(path): \(String(cString: strerror(code)))")
    }

    /// The absolute path with symbolic links and `..` resolved; for a file that does not exist
    /// yet, its folder resolved and its name appended.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let url = URL(fileURLWithPath: absolute)
        let folder = url.deletingLastPathComponent().path
        guard folder != absolute, let real = realpath(folder, nil) else { return url.standardized.path }
        defer { free(real) }
        return (String(cString: real) as NSString).appendingPathComponent(url.lastPathComponent)
    }

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
