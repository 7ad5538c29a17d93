import DialerCore
import Testing

@Suite("Suppression list files") struct SuppressionFileTests {
    @Test func aBareColumnOfNumbersIsNormalizedAndBadLinesAreReportedByLine() {
        let file = SuppressionFile.parse("+12125550101\n(212) 555-0102\nnot a number\n\n0044 20 7946 0958\n+12125550101\n")
        #expect(file.entries.map(\.phoneNumber) == ["+12125550101", "+12125550102", "+442079460958"])
        #expect(file.entries.map(\.line) == [1, 2, 5])
        #expect(
            file.issues == [
                SuppressionFileIssue(line: 3, message: "\"not a number\" is not a phone number that can be read as E.164 (e.g. +14155550100)")
            ])
        #expect(file.duplicates == 1)
    }

    @Test func aHeaderRowNamesTheNumberAndReasonColumns() {
        let file = SuppressionFile.parse("name,phoneNumber,reason\nAda,+12125550101,asked twice\nBo,,\nCy,2125550103,\n")
        #expect(
            file.entries == [
                .init(line: 2, phoneNumber: "+12125550101", reason: "asked twice"),
                .init(line: 4, phoneNumber: "+12125550103", reason: nil)
            ])
        #expect(file.issues.map(\.line) == [3])
        #expect(file.issues.first?.message == "no phone number in column 2")
    }

    @Test func aBrokenQuoteIsReportedNotCrashedOn() {
        let file = SuppressionFile.parse("+12125550101\n\"+1212555")
        #expect(file.entries.isEmpty)
        #expect(file.issues.count == 1)
        #expect(file.issues.first?.line == 2)
    }

    @Test func anEmptyFileHasNothing() {
        let file = SuppressionFile.parse("")
        #expect(file.entries.isEmpty)
        #expect(file.issues.isEmpty)
    }
}
