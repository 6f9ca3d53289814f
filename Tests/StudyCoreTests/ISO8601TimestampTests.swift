import Testing
@testable import StudyCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("ISO-8601 timestamps")
struct ISO8601TimestampTests {
    @Test("Python isoformat text is read and written back identically")
    func roundTrip() {
        for text in ["2025-01-01T12:10:00+00:00", "2024-02-29T23:59:59+00:00", "1999-12-31T00:00:00.123456+00:00", "2103-07-04T06:05:04+00:00"] {
            let d = ISO8601Timestamp.parse(text)
            #expect(d.map(ISO8601Timestamp.format) == text)
        }
        #expect(ISO8601Timestamp.parse("2025-01-01T00:00:00+00:00") == jan1)
    }

    @Test("offsets and Z are honoured")
    func offsets() {
        #expect(ISO8601Timestamp.parse("2025-01-01T00:00:00Z") == jan1)
        #expect(ISO8601Timestamp.parse("2024-12-31T19:00:00-05:00") == jan1)
        #expect(ISO8601Timestamp.parse("2025-01-01T05:30:00+05:30") == jan1)
    }

    @Test("anything else is rejected", arguments: [
        "", "2025-01-01", "2025-01-01T00:00:00", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2025-01-01T24:00:00Z", "2025-01-01T00:00:00+0000", "2025-01-01T00:00:00Z junk", "2025-01-01T00:00:00.Z",
    ])
    func invalid(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }
}
