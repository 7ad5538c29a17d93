import DialerCore
import DialerSheets
import Testing

@Suite("A1 notation")
struct A1NotationTests {
    @Test(arguments: [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"), (16384, "XFD")])
    func columnLetters(_ number: Int, _ letters: String) {
        #expect(A1Notation.columnLetters(number) == letters)
        #expect(A1Notation.columnNumber(letters) == number)
        #expect(A1Notation.columnNumber(letters.lowercased()) == number)
    }

    @Test func sheetNamesAreQuotedWhenNeeded() {
        #expect(A1Notation.quotedSheetName("Sheet1") == "Sheet1")
        #expect(A1Notation.quotedSheetName("My Sheet") == "'My Sheet'")
        #expect(A1Notation.quotedSheetName("Bob's list") == "'Bob''s list'")
        #expect(A1Notation.quotedSheetName("AB12") == "'AB12'")
        #expect(A1Notation.cell(sheet: "My Sheet", column: 28, row: 7) == "'My Sheet'!AB7")
        #expect(A1Notation.range(sheet: "Sheet1", fromColumn: 26, toColumn: 30, row: 2) == "Sheet1!Z2:AD2")
    }

    @Test func rangesParse() throws {
        let quoted = try #require(A1Range(parsing: "'Bob''s list'!AA2:AD9"))
        #expect(quoted == A1Range(sheet: "Bob's list", startColumn: 27, startRow: 2, endColumn: 30, endRow: 9))
        #expect(A1Range(parsing: "Sheet1") == A1Range(sheet: "Sheet1"))
        #expect(A1Range(parsing: "Sheet1!1:1") == A1Range(sheet: "Sheet1", startColumn: nil, startRow: 1, endColumn: nil, endRow: 1))
        #expect(A1Range(parsing: "Sheet1!B:C") == A1Range(sheet: "Sheet1", startColumn: 2, startRow: nil, endColumn: 3, endRow: nil))
        #expect(A1Range(parsing: "A1:B2", defaultSheet: "S") == A1Range(sheet: "S", startColumn: 1, startRow: 1, endColumn: 2, endRow: 2))
        #expect(A1Range(parsing: "Sheet1!A0") == nil)
        #expect(A1Range(parsing: "'unclosed!A1") == nil)
        #expect(quoted.description == "'Bob''s list'!AA2:AD9")
    }

    @Test func phoneNumbersNormalize() {
        #expect(PhoneNormalizer.e164("(415) 555-0100") == "+14155550100")
        #expect(PhoneNormalizer.e164("1 415 555 0100") == "+14155550100")
        #expect(PhoneNormalizer.e164("+44 20 7946 0958") == "+442079460958")
        #expect(PhoneNormalizer.e164("0044 20 7946 0958") == "+442079460958")
        #expect(PhoneNormalizer.e164("555-0100") == nil)
        #expect(PhoneNormalizer.e164("call me") == nil)
        #expect(PhoneNormalizer.e164("") == nil)
    }
}
