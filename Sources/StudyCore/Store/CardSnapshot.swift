#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `cards.json`: the state of every item the user has seen, as of a point in the review log.
///
/// One item per line, sorted by id:
/// ```
/// {
/// "schemaVersion": 1,
/// "savedAt": "2026-11-28T23:52:17.123Z",
/// "covers": {"bytes":52311,"lines":141,"seq":140},
/// "cards": {
/// "cpt-0001": {"phase":2,"stability":12.4,...},
/// "cpt-0002": {...}
/// }
/// }
/// ```
/// It can always be rebuilt by replaying the log from the start; it exists so that opening a
/// profile replays only the lines after `covers`.
struct CardSnapshot: Sendable, Equatable {
    var covers: LogPosition
    var savedAt: Date
    var items: [String: ItemState]

    static let fileName = "cards.json"

    func encoded(schemaVersion: Int) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + items.count * 200)
        covers.writeFileHeader(schemaVersion: schemaVersion, savedAt: savedAt, into: &w)
        w.raw("\"cards\": {")
        var first = true
        for id in items.keys.sorted() {
            w.raw(first ? "\n" : ",\n")
            first = false
            w.string(id)
            w.raw(": ")
            LogLineCodec.writeState(items[id]!, into: &w)
        }
        w.raw("\n}\n}\n")
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], file: String, migrations: SchemaMigrations) throws(StoreError) -> CardSnapshot {
        if let fast = FastDecoder.snapshot(bytes, schemaVersion: migrations.currentVersion(.cards)) { return fast }
        return try decodeWithPositions(bytes, file: file, migrations: migrations)
    }

    /// The slow path alone: `JSONParser` (with migrations), then the fields one by one.
    static func decodeWithPositions(_ bytes: [UInt8], file: String, migrations: SchemaMigrations) throws(StoreError) -> CardSnapshot {
        let (root, _) = try ProfileFileFormat.parse(bytes, kind: .cards, file: file, migrations: migrations)
        do throws(FieldError) {
            let r = try FieldReader(root, "the snapshot")
            let cardsNode = try r.required("cards")
            guard let members = cardsNode.members else { throw r.mismatch("cards", cardsNode, "an object") }
            var items: [String: ItemState] = [:]
            items.reserveCapacity(members.count)
            for m in members {
                if items.updateValue(try LogLineCodec.readState(m.node, m.key), forKey: m.key) != nil {
                    throw FieldError(position: m.node.position, message: "item \(m.key) is listed twice")
                }
            }
            return CardSnapshot(covers: try LogPosition.read(try r.required("covers")),
                                savedAt: try r.date("savedAt"), items: items)
        } catch {
            throw ProfileFileFormat.corrupt(file, error)
        }
    }
}
