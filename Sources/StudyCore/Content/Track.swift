/// An exam the user can prepare for (CPT or CCMA), with its test plan.
///
/// Loaded from `Data/tracks/<id>.json`; the numbers come from the NHA test
/// plans summarised in the project's blueprints.
public struct Track: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var shortName: String
    public var planVersion: String
    public var totalItems: Int
    public var scoredItems: Int
    public var pretestItems: Int
    public var minutes: Int
    public var scale: ScoreScale
    public var domains: [Domain]
    /// The job the credential is for, in a few words ("Phlebotomy technician").
    public var role: String?
    /// What the job and exam cover, in one sentence.
    public var scope: String?
    /// Plain advice on who this exam suits, for the "CPT or CCMA?" comparison.
    public var guidance: String?
    /// Delivery, scoring notes, eligibility, retakes, renewal and test-day advice
    /// for the "About the exam" screen (nil when the track file has no `about`).
    public var about: ExamFacts?

    public init(id: String, name: String, shortName: String, planVersion: String, totalItems: Int,
                scoredItems: Int, pretestItems: Int, minutes: Int, scale: ScoreScale, domains: [Domain],
                role: String? = nil, scope: String? = nil, guidance: String? = nil, about: ExamFacts? = nil) {
        self.id = id; self.name = name; self.shortName = shortName; self.planVersion = planVersion
        self.totalItems = totalItems; self.scoredItems = scoredItems; self.pretestItems = pretestItems
        self.minutes = minutes; self.scale = scale; self.domains = domains
        self.role = role; self.scope = scope; self.guidance = guidance
        self.about = about
    }

    /// Every domain and subdomain, depth first.
    public var allAreas: [Domain] {
        domains.flatMap { [$0] + $0.subdomains }
    }

    /// The areas an item is filed under: a domain without subdomains, or a subdomain.
    public var leafAreas: [Domain] {
        domains.flatMap { $0.subdomains.isEmpty ? [$0] : $0.subdomains }
    }

    /// The domain or subdomain with this id.
    public func area(_ id: String) -> Domain? { allAreas.first { $0.id == id } }

    /// The top-level domain that holds this domain or subdomain id.
    public func topDomain(of id: String) -> Domain? {
        domains.first { $0.id == id || $0.subdomains.contains { $0.id == id } }
    }
}

/// A test-plan domain or subdomain and the number of scored items it has on one form.
public struct Domain: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var scoredItems: Int
    public var subdomains: [Domain]

    public init(id: String, name: String, scoredItems: Int, subdomains: [Domain] = []) {
        self.id = id; self.name = name; self.scoredItems = scoredItems; self.subdomains = subdomains
    }
}

/// The reported score scale (NHA: 200 to 500, pass at 390).
public struct ScoreScale: Sendable, Hashable, Codable {
    public var min: Int
    public var max: Int
    public var pass: Int
    public init(min: Int, max: Int, pass: Int) { self.min = min; self.max = max; self.pass = pass }
}
