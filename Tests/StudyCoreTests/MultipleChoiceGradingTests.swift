import Testing
@testable import StudyCore

@Suite("Multiple-choice grading")
struct MultipleChoiceGradingTests {
    typealias Answer = MultipleChoiceGrading.Answer

    @Test("the rule: wrong Again; changed or unsure Hard; right Good; right, sure and fast Easy", arguments: [
        (Answer(isCorrect: false, responseTime: 2, easyThreshold: 8), Rating.again),
        (Answer(isCorrect: false, changedAnswer: true, markedUnsure: true, responseTime: 2, easyThreshold: 8), .again),
        (Answer(isCorrect: true, changedAnswer: true, responseTime: 2, easyThreshold: 8), .hard),
        (Answer(isCorrect: true, markedUnsure: true, responseTime: 2, easyThreshold: 8), .hard),
        (Answer(isCorrect: true, responseTime: 12, easyThreshold: 8), .good),
        (Answer(isCorrect: true, responseTime: 8, easyThreshold: 8), .good),  // "faster than": equal is not
        (Answer(isCorrect: true, responseTime: 7.9, easyThreshold: 8), .easy),
    ])
    func rule(answer: Answer, expected: Rating) {
        #expect(MultipleChoiceGrading.rating(for: answer) == expected)
    }

    @Test("the user's 1-4 override wins over the derived rating")
    func override() {
        var a = Answer(isCorrect: false, responseTime: 3, easyThreshold: 8)
        a.override = MultipleChoiceGrading.overrideRating(forKey: "3")
        #expect(MultipleChoiceGrading.rating(for: a) == .good)
        #expect(MultipleChoiceGrading.derivedRating(for: a) == .again)
        a = Answer(isCorrect: true, responseTime: 1, easyThreshold: 8, override: .hard)
        #expect(MultipleChoiceGrading.rating(for: a) == .hard)
    }

    @Test("only the keys 1-4 are overrides")
    func keys() {
        #expect(["1", "2", "3", "4"].map { MultipleChoiceGrading.overrideRating(forKey: $0) } == [.again, .hard, .good, .easy])
        for key: Character in ["0", "5", "a", " ", "٣"] { #expect(MultipleChoiceGrading.overrideRating(forKey: key) == nil) }
    }

    @Test("the default Easy threshold grows with the text to read")
    func threshold() {
        #expect(MultipleChoiceGrading.defaultEasyThreshold(textCharacters: 0) == 3)
        #expect(MultipleChoiceGrading.defaultEasyThreshold(textCharacters: 250) == 13)
        #expect(MultipleChoiceGrading.defaultEasyThreshold(textCharacters: 600) > MultipleChoiceGrading.defaultEasyThreshold(textCharacters: 200))
    }
}
