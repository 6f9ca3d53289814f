/// Reads cards from delimited text: CSV and TSV (with or without a header row, Quizlet's
/// `term<TAB>definition` export) and Anki's "Notes in Plain Text" export with its `#key:value`
/// header lines (`#separator:`, `#html:`, `#columns:`, `#deck:`, `#tags column:`,
/// `#notetype column:`, `#deck column:`, `#guid column:`).
///
/// Quoted fields follow RFC 4180 (a quote doubled inside quotes; a quoted field may span
/// lines). Every note keeps the line it starts on, for messages.
public struct TextCardReader: Sendable {
    /// What the reader found besides the notes.
    public struct Result: Sendable {
        public var notes: [ImportNote] = []
        public var problems: [ImportProblem] = []
        /// `#deck:` of an Anki text export.
        public var deck: String?
        public var separatorName = ""
        public var hadHeaderRow = false
    }

    public var file: String
    public init(file: String) { self.file = file }

    public func read(_ bytes: [UInt8]) -> Result {
        var result = Result()
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            var at = 0
            // Find the first bad byte to name its line.
            var it = bytes.makeIterator()
            var decoder = UTF8()
            loop: while true {
                switch decoder.decode(&it) {
                case .scalarValue(let s): at += String(s).utf8.count; if s == "\n" { line += 1 }
                case .emptyInput: break loop
                case .error: break loop
                }
            }
            result.problems.append(ImportProblem(file: file, origin: .line(line), message: "this is not UTF-8 text (bad byte at offset \(at)); save the file as UTF-8 and import it again"))
            return result
        }
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }

        // Anki's header lines.
        var headers: [String: String] = [:]
        var line = 1
        while body.hasPrefix("#") {
            let end = body.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) ?? body.endIndex
            let headerLine = body[body.index(after: body.startIndex)..<end]
            if let colon = headerLine.firstIndex(of: ":") {
                headers[headerLine[..<colon].lowercased()] = String(headerLine[headerLine.index(after: colon)...])
            }
            body = end == body.endIndex ? body[end...] : body[body.index(after: end)...]
            line += 1
        }
        let isAnki = !headers.isEmpty

        var separator: Character
        if let s = headers["separator"] {
            switch s.lowercased() {
            case "tab": separator = "\t"
            case "comma": separator = ","
            case "semicolon": separator = ";"
            case "space": separator = " "
            case "pipe": separator = "|"
            case "colon": separator = ":"
            default:
                guard s.count == 1, let c = s.first else {
                    result.problems.append(ImportProblem(file: file, origin: .line(1), message: "#separator:\(s) is not a separator (expected Tab, Comma, Semicolon, Space, Pipe, Colon or one character)"))
                    return result
                }
                separator = c
            }
        } else {
            let firstLine = body.prefix(while: { $0 != "\n" && $0 != "\r\n" })
            let lower = file.lowercased()
            if lower.hasSuffix(".csv") && !firstLine.contains("\t") { separator = "," }
            else if firstLine.contains("\t") { separator = "\t" }
            else if firstLine.contains(",") { separator = "," }
            else if firstLine.contains(";") { separator = ";" }
            else { separator = "\t" }
        }
        result.separatorName = separator == "\t" ? "tab" : separator == "," ? "comma" : "\"\(separator)\""
        let html = headers["html"].map { $0.lowercased() == "true" } ?? isAnki
        result.deck = headers["deck"].flatMap { $0.isEmpty ? nil : $0 }

        func column(_ name: String) -> Int? {
            guard let v = headers[name], let n = Int(v), n >= 1 else { return nil }
            return n - 1
        }
        var tagsColumn = column("tags column")
        let guidColumn = column("guid column")
        let notetypeColumn = column("notetype column")
        let deckColumn = column("deck column")
        var frontColumn: Int?
        var backColumn: Int?
        if let cols = headers["columns"] {
            let names = cols.split(separator: separator, omittingEmptySubsequences: false).map { $0.lowercased() }
            for (i, n) in names.enumerated() where n == "tags" && tagsColumn == nil { tagsColumn = i }
        }

        var records = Self.records(body, separator: separator, firstLine: line)
        if let open = records.unclosed {
            result.problems.append(ImportProblem(file: file, origin: .line(open), message: "a quoted field starts here and is never closed"))
        }
        // A header row of plain CSV: the first record names the columns.
        if !isAnki, let first = records.rows.first {
            let names = first.fields.map { $0.lowercased().filter { !$0.isWhitespace } }
            let fronts: Set<String> = ["front", "term", "question", "word", "prompt", "side1"]
            let backs: Set<String> = ["back", "definition", "answer", "meaning", "response", "side2"]
            if let f = names.firstIndex(where: fronts.contains) {
                frontColumn = f
                backColumn = names.firstIndex(where: backs.contains)
                tagsColumn = names.firstIndex(of: "tags")
                records.rows.removeFirst()
                result.hadHeaderRow = true
            }
        }
        let special = Set([tagsColumn, guidColumn, notetypeColumn, deckColumn].compactMap { $0 })
        result.notes.reserveCapacity(records.rows.count)
        for row in records.rows {
            if row.fields.allSatisfy({ $0.isEmpty }) { continue }
            func clean(_ s: String) -> String { html ? HTMLText.text(fromHTML: s) : s }
            var fields: [String]
            if let frontColumn {
                fields = [frontColumn < row.fields.count ? row.fields[frontColumn] : ""]
                if let backColumn, backColumn < row.fields.count { fields.append(row.fields[backColumn]) }
                if backColumn == nil {
                    fields += row.fields.indices.filter { $0 != frontColumn && !special.contains($0) }.prefix(1).map { row.fields[$0] }
                }
            } else {
                fields = row.fields.indices.filter { !special.contains($0) }.map { row.fields[$0] }
            }
            let isCloze = notetypeColumn.map { $0 < row.fields.count && row.fields[$0].lowercased().contains("cloze") } ?? false
            var tags: [String] = []
            if let tagsColumn, tagsColumn < row.fields.count {
                tags = row.fields[tagsColumn].split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
            }
            var note = ImportNote(origin: .line(row.line), fields: fields.map(clean), tags: tags, isCloze: isCloze)
            if let guidColumn, guidColumn < row.fields.count, !row.fields[guidColumn].isEmpty { note.guid = row.fields[guidColumn] }
            if let deckColumn, deckColumn < row.fields.count, !row.fields[deckColumn].isEmpty { note.deck = row.fields[deckColumn] }
            if fields.count > 2 && !isCloze && !isAnki {
                // A third unnamed column of a plain file is taken as tags.
                if tagsColumn == nil && frontColumn == nil {
                    note.fields = Array(note.fields.prefix(2))
                    note.tags = fields[2].split(whereSeparator: { $0 == " " }).map(String.init)
                }
            }
            result.notes.append(note)
        }
        return result
    }

    struct Row { var line: Int; var fields: [String] }

    /// Splits text into records of fields. `unclosed` is the line of a quote never closed.
    static func records(_ text: Substring, separator: Character, firstLine: Int) -> (rows: [Row], unclosed: Int?) {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var line = firstLine
        var rowLine = firstLine
        var inQuotes = false
        var quoteLine = 0
        var atFieldStart = true
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            i = text.index(after: i)
            if inQuotes {
                if c == "\"" {
                    if i < text.endIndex && text[i] == "\"" { field.append("\""); i = text.index(after: i) }
                    else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1; field.append("\n") } else { field.append(c) }
                }
                continue
            }
            if c == "\"" && atFieldStart {
                inQuotes = true
                quoteLine = line
                atFieldStart = false
                continue
            }
            if c == separator {
                fields.append(field); field = ""; atFieldStart = true
                continue
            }
            if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field); field = ""; atFieldStart = true
                rows.append(Row(line: rowLine, fields: fields))
                fields = []
                line += 1
                rowLine = line
                continue
            }
            field.append(c)
            atFieldStart = false
        }
        if inQuotes { return (rows, quoteLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(line: rowLine, fields: fields))
        }
        return (rows, nil)
    }
}
