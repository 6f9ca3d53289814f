/// Anki fields are HTML; StatDeck shows plain text. `text(fromHTML:)` reduces a field to
/// what a reader sees: line breaks and block ends become newlines, tags go, entities are
/// decoded, runs of blanks collapse. `html(fromText:)` goes the other way for exports.
public enum HTMLText {
    public static func text(fromHTML html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var i = html.startIndex
        while i < html.endIndex {
            let c = html[i]
            if c == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber })
                if ["br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "hr"].contains(String(name)) {
                    if tag.hasPrefix("/") || name == "br" || name == "hr" || !out.isEmpty && !out.hasSuffix("\n") {
                        if !(tag.hasPrefix("/") && out.hasSuffix("\n")) { out.append("\n") }
                    }
                }
                if name == "style" || name == "script", !tag.hasPrefix("/") {
                    if let end = html[close...].firstRange(of: "</\(name)>") {
                        i = end.upperBound
                        continue
                    }
                }
                i = html.index(after: close)
                continue
            }
            if c == "&", let semi = html[i...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: i)..<semi])
                if let decoded = decode(entity) {
                    out.append(decoded)
                    i = html.index(after: semi)
                    continue
                }
            }
            out.append(c)
            i = html.index(after: i)
        }
        // Collapse blanks on each line and blank lines at the ends.
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }).joined(separator: " ")
        }
        var kept: [String] = []
        for line in lines where !(line.isEmpty && (kept.last?.isEmpty ?? true)) { kept.append(line) }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    private static func decode(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let v = UInt32(entity.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                return String(Character(u))
            }
            if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let u = Unicode.Scalar(v) { return String(Character(u)) }
            return nil
        }
    }

    /// Plain text as HTML: `&`, `<`, `>`, `"` escaped, newlines as `<br>`.
    public static func html(fromText text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "<br>"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Anki cloze deletions, `{{c1::answer}}` or `{{c1::answer::hint}}`: one card per number,
/// with that number's deletions blanked on the front and the others shown.
public enum Cloze {
    /// The cloze numbers used in `text`, ascending (empty when it has none).
    public static func numbers(in text: String) -> [Int] {
        var found: Set<Int> = []
        for part in parts(text) { if case .deletion(let n, _, _) = part { found.insert(n) } }
        return found.sorted()
    }

    /// The front of card `number`: its deletions as `[hint]` or `[...]`, the others as their answer.
    public static func front(_ text: String, number: Int) -> String {
        parts(text).map { part in
            switch part {
            case .text(let t): return t
            case .deletion(let n, let answer, let hint): return n == number ? "[\(hint ?? "...")]" : answer
            }
        }.joined()
    }

    /// The text with every deletion shown.
    public static func answer(_ text: String) -> String {
        parts(text).map { part in
            switch part {
            case .text(let t): return t
            case .deletion(_, let answer, _): return answer
            }
        }.joined()
    }

    enum Part { case text(String), deletion(Int, String, String?) }

    static func parts(_ text: String) -> [Part] {
        var out: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{c") {
            let afterC = rest[open.upperBound...]
            let digits = afterC.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let n = Int(digits), afterC.dropFirst(digits.count).hasPrefix("::"),
                  let close = afterC.firstRange(of: "}}") else {
                out.append(.text(String(rest[..<open.upperBound])))
                rest = afterC
                continue
            }
            out.append(.text(String(rest[..<open.lowerBound])))
            let body = afterC[afterC.index(afterC.startIndex, offsetBy: digits.count + 2)..<close.lowerBound]
            if let sep = body.firstRange(of: "::") {
                out.append(.deletion(n, String(body[..<sep.lowerBound]), String(body[sep.upperBound...])))
            } else {
                out.append(.deletion(n, String(body), nil))
            }
            rest = afterC[close.upperBound...]
        }
        if !rest.isEmpty { out.append(.text(String(rest))) }
        return out
    }
}
