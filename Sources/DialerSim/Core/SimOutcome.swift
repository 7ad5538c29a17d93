import Foundation

/// How a simulated call ends, before any hang-up or cancel from the API.
public enum SimOutcome: String, Sendable, CaseIterable, Codable {
    case human
    case machine
    case busy
    case noAnswer = "no-answer"
    case failed
}

/// Relative weights of outcomes, e.g. "human=60,machine=10,busy=10,no-answer=15,failed=5".
public struct OutcomeMix: Sendable, Equatable {
    public var weights: [SimOutcome: Double]

    public init(_ weights: [SimOutcome: Double]) {
        self.weights = weights
    }

    public static let realistic = OutcomeMix([.human: 55, .machine: 15, .busy: 8, .noAnswer: 17, .failed: 5])
    public static func always(_ outcome: SimOutcome) -> OutcomeMix { OutcomeMix([outcome: 1]) }

    public init?(parsing text: String) {
        var weights: [SimOutcome: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let outcome = SimOutcome(rawValue: pair[0]), let weight = Double(pair[1]), weight >= 0 else {
                return nil
            }
            weights[outcome] = weight
        }
        guard weights.values.contains(where: { $0 > 0 }) else { return nil }
        self.weights = weights
    }

    func draw(using generator: inout SeededGenerator) -> SimOutcome {
        let ordered = SimOutcome.allCases.map { ($0, max(0, weights[$0] ?? 0)) }
        let total = ordered.reduce(0) { $0 + $1.1 }
        var point = generator.uniform(0...total)
        for (outcome, weight) in ordered where weight > 0 {
            if point < weight { return outcome }
            point -= weight
        }
        return ordered.last { $0.1 > 0 }?.0 ?? .human
    }
}
