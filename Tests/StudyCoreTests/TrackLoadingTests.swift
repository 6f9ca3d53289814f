import Foundation
import Testing
@testable import StudyCore

@Suite("Loading tracks only")
struct TrackLoadingTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data").path

    @Test("loadTracks reads the shipped tracks, with their plain-words role, scope and guidance")
    func shipped() {
        let (tracks, diagnostics) = ContentLoader.loadTracks(from: Self.data)
        #expect(diagnostics.isEmpty)
        #expect(Set(tracks.map(\.id)) == ["cpt", "ccma"])
        let cpt = tracks.first { $0.id == "cpt" }
        #expect(cpt?.role == "Phlebotomy technician")
        #expect(cpt?.scope?.isEmpty == false && cpt?.guidance?.isEmpty == false)
        #expect(tracks == ContentLoader.load(from: Self.data).bank.tracks)
    }

    @Test("a directory without tracks is reported, naming what was expected")
    func missing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("statdeck-tracks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (tracks, diagnostics) = ContentLoader.loadTracks(from: dir.path, displayPrefix: "Data")
        #expect(tracks.isEmpty)
        #expect(diagnostics.map(\.description) == ["Data/tracks: no track files (expected tracks/cpt.json, tracks/ccma.json)"])
    }
}
