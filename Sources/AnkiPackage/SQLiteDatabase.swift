import CSQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An error from SQLite, with its message.
public struct SQLiteError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A small wrapper over the system SQLite: open a file, run statements, read rows.
/// Anki collections are SQLite databases; this is all the package reader and writer need.
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    init(path: String, readOnly: Bool) throws(SQLiteError) {
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(message: message)
        }
        // Anki's current collections declare names with its own "unicase" collation; a
        // case-insensitive comparison is enough for reading them.
        sqlite3_create_collation_v2(handle, "unicase", SQLITE_UTF8, nil, { _, n1, p1, n2, p2 in
            let a = String(decoding: UnsafeRawBufferPointer(start: p1, count: Int(n1)), as: UTF8.self).lowercased()
            let b = String(decoding: UnsafeRawBufferPointer(start: p2, count: Int(n2)), as: UTF8.self).lowercased()
            return a < b ? -1 : a == b ? 0 : 1
        }, nil)
    }

    deinit { sqlite3_close(handle) }

    private var lastError: SQLiteError { SQLiteError(message: String(cString: sqlite3_errmsg(handle))) }

    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error"
            sqlite3_free(error)
            throw SQLiteError(message: message)
        }
    }

    /// A value bound to a statement parameter or read from a column.
    enum Value {
        case int(Int64), text(String), null
    }

    /// Runs `sql` once per element of `rows`, in one transaction.
    func insert(_ sql: String, rows: [[Value]]) throws(SQLiteError) {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK else { throw lastError }
        defer { sqlite3_finalize(stmt) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for row in rows {
            sqlite3_reset(stmt)
            for (i, v) in row.enumerated() {
                let p = Int32(i + 1)
                switch v {
                case .int(let n): sqlite3_bind_int64(stmt, p, n)
                case .text(let s): sqlite3_bind_text(stmt, p, s, -1, transient)
                case .null: sqlite3_bind_null(stmt, p)
                }
            }
            guard sqlite3_step(stmt) == SQLITE_DONE else { throw lastError }
        }
    }

    /// Each row of a query, handed to `body` as a reader of its columns.
    func query(_ sql: String, _ body: (Row) throws(SQLiteError) -> Void) throws(SQLiteError) {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK else { throw lastError }
        defer { sqlite3_finalize(stmt) }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw lastError }
            try body(Row(stmt: stmt))
        }
    }

    /// Whether a table exists.
    func hasTable(_ name: String) throws(SQLiteError) -> Bool {
        var found = false
        try query("select name from sqlite_master where type = 'table' and name = '\(name)'") { _ in found = true }
        return found
    }

    /// One result row.
    struct Row {
        let stmt: OpaquePointer?
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(stmt, i) else { return "" }
            return String(cString: p)
        }
        func blob(_ i: Int32) -> [UInt8] {
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: n))
        }
    }
}
