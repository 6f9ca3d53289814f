/// Brings an `exams/ID.json` file of schemaVersion 1 (the store's first, engine-less attempt
/// record: `track`, `form` as a name, `itemIDs`, `currentIndex`, `elapsedSeconds`, mode
/// `timed`/`untimed`) up to version 2, the `ExamAttempt` the exam engine runs.
///
/// Version 1 did not know areas, pretest items or the time limit: items get the area
/// `unknown`, none is pretest, and the limit is one minute per item (the blueprint's pace).
enum AttemptMigration {
    static func from1(_ root: JSONNode) throws -> JSONNode {
        struct Missing: Error, CustomStringConvertible { var key: String; var description: String { "there is no \"\(key)\"" } }
        func need(_ key: String) throws -> JSONNode {
            guard let n = root[key] else { throw Missing(key: key) }
            return n
        }
        let at = root.position
        func node(_ v: JSONValue) -> JSONNode { JSONNode(v, at: at) }
        let ids = try need("itemIDs").array ?? []
        let track = try need("track")
        let items = ids.map { id in
            node(.object([("area", node(.string("unknown"))), ("pretest", node(.bool(false))), ("questionID", id)]))
        }
        let form = node(.object([("items", node(.array(items))), ("minutes", node(.number(Double(max(ids.count, 1))))),
                                 ("name", try need("form")), ("trackID", track)]))
        let mode = try need("mode").string == "untimed" ? "practice" : "exam"
        let started = try need("startedAt")
        let submitted = root["submittedAt"] ?? node(.null)
        let members: [(key: String, node: JSONNode)] = [
            ("answers", try need("answers")),
            ("autoSubmitted", node(.bool(false))),
            ("current", try need("currentIndex")),
            ("elapsed", try need("elapsedSeconds")),
            ("flags", try need("flags")),
            ("form", form),
            ("id", try need("id")),
            ("lastActiveAt", submitted.isNull ? started : submitted),
            ("mode", node(.string(mode))),
            ("paused", node(.bool(false))),
            ("schemaVersion", node(.number(2))),
            ("showFeedback", node(.bool(false))),
            ("startedAt", started),
            ("submittedAt", submitted),
            ("timeOnItem", node(.array(ids.map { _ in node(.number(0)) }))),
        ]
        return node(.object(members))
    }
}
