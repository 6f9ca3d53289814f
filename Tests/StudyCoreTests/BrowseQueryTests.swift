#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import StudyCore

@Suite("Browse search")
struct BrowseQueryTests {
    static let now = Date(timeIntervalSince1970: 1_795_860_000)
    static let item = StudyItem.question(Question(id: "cpt-q-001", kind: .single, domains: ["cpt": "tubes"], stem: "Which Lavender tube?",
                                                  choices: ["EDTA", "b", "c", "d"], answer: 0, explanation: "E", difficulty: 1, tags: ["Order-of-draw"]))

    @Test("words, domain:, tag: and is: must all match; case does not matter")
    func matching() throws {
        let suspended = ItemState(card: .new(at: Self.now), flags: ItemFlags(flagged: true, suspended: true, leech: true))
        func m(_ q: String, state: ItemState? = nil, due: Bool = false) throws -> Bool {
            try BrowseQuery.parse(q).matches(Self.item, areaIDs: ["tubes", "routine"], state: state, isDue: due)
        }
        #expect(try m("lavender edta"))
        #expect(try !m("lavender heparin"))
        #expect(try m("domain:routine") && m("domain:TUBES") && !m("domain:processing"))
        #expect(try m("tag:order-of-draw") && !m("tag:safety"))
        #expect(try m("is:new") && !m("is:suspended"))
        #expect(try m("is:suspended is:flagged is:leech", state: suspended))
        var reviewed = ItemState(card: .new(at: Self.now))
        reviewed.card.lastReview = Self.now
        #expect(try m("is:due", state: reviewed, due: true) && !m("is:due", state: reviewed, due: false) && !m("is:new", state: reviewed))
        #expect(try m(""))
    }

    @Test("an unknown is: state or an empty filter is refused with a message naming it")
    func errors() {
        #expect(throws: BrowseQueryError.self) { try BrowseQuery.parse("is:lost") }
        do { _ = try BrowseQuery.parse("tubes is:lost") } catch { #expect(error.description.contains("is:lost")) }
        #expect(throws: BrowseQueryError.self) { try BrowseQuery.parse("domain:") }
    }
}
