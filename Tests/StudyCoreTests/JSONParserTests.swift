import Testing
@testable import StudyCore

@Suite("JSON parser")
struct JSONParserTests {
    @Test("values keep the line and column where they start")
    func positions() throws {
        let text = "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\",\n   \"n\": 3}\n]"
        let root = try JSONParser.parse(text)
        let items = try #require(root.array)
        #expect(items.count == 2)
        #expect(items[0].position == SourcePosition(line: 2, column: 3))
        #expect(items[1].position == SourcePosition(line: 3, column: 3))
        #expect(items[1]["n"]?.position == SourcePosition(line: 4, column: 9))
        #expect(items[1]["n"]?.int == 3)
        #expect(items[0]["id"]?.string == "a")
    }

    @Test("strings decode escapes, surrogate pairs and UTF-8")
    func strings() throws {
        let root = try JSONParser.parse(#"["a\"b\\c\n", "\u00e9\ud83d\ude00", "naïve"]"#)
        #expect(root.array?.map { $0.string } == ["a\"b\\c\n", "é😀", "naïve"])
    }

    @Test("a string is checked as UTF-8 with or without escapes, and the error is placed after it")
    func invalidUTF8() throws {
        // A plain run of bytes and one with an escape decode alike.
        #expect(try JSONParser.parse(Array("[\"caf\u{e9} x\", \"caf\u{e9}\\n\", \"\"]".utf8)).array?.map { $0.string } == ["café x", "café\n", ""])
        for bytes: [UInt8] in [[0x22, 0x61, 0xFF, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22], [0x22, 0xC3, 0x28, 0x22]] {
            #expect {
                try JSONParser.parse(bytes)
            } throws: { error in
                let e = error as? JSONSyntaxError
                return e?.message == "string is not valid UTF-8" && e?.position == SourcePosition(line: 1, column: bytes.count + 1)
            }
        }
    }

    @Test("numbers follow RFC 8259")
    func numbers() throws {
        #expect(try JSONParser.parse("-12.5e2").number == -1250)
        #expect(try JSONParser.parse("0").int == 0)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("01") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("1.") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("+1") }
    }

    @Test("syntax errors name the line and column and what is wrong", arguments: [
        ("[1, 2,\n  ]", 2, 3, "expected a JSON value"),
        ("{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}'"),
        ("[\"abc", 1, 6, "end of file inside a string"),
        ("[1] x", 1, 5, "unexpected text after"),
        ("{\"a\" 1}", 1, 6, "expected ':' after key"),
        ("", 1, 1, "cut short"),
    ])
    func syntaxErrors(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected a syntax error for \(text)")
        } catch {
            #expect(error.position == SourcePosition(line: line, column: column), "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let root = try JSONParser.parse("[\"é\", 5]")
        #expect(root.array?[1].position == SourcePosition(line: 1, column: 7))
    }

    @Test("deep nesting is refused, not a stack overflow")
    func depth() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }
}
