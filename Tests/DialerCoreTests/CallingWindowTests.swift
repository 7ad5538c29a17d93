import DialerCore
import Foundation
import Testing

@Suite struct CallingWindowTests {
    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    let newYork = TimeZone(identifier: "America/New_York")!
    let sydney = TimeZone(identifier: "Australia/Sydney")!

    @Test func tcpaDefaultIsEightToNineLocal() {
        let window = CallingWindow.usTCPA
        #expect(!window.isOpen(at: date("2026-11-23T12:59:00Z"), in: newYork)) // 07:59 EST
        #expect(window.isOpen(at: date("2026-11-23T13:00:00Z"), in: newYork)) // 08:00
        #expect(window.isOpen(at: date("2026-11-24T01:59:00Z"), in: newYork)) // 20:59
        #expect(!window.isOpen(at: date("2026-11-24T02:00:00Z"), in: newYork)) // 21:00
        #expect(!window.isOpen(at: date("2026-11-24T03:00:00Z"), in: newYork)) // 22:00
    }

    @Test func nextOpeningAfterEveningIsTomorrowMorningAcrossMidnight() {
        let opening = CallingWindow.usTCPA.nextOpening(after: date("2026-11-24T03:00:00Z"), in: newYork)
        #expect(opening == date("2026-11-24T13:00:00Z"))
    }

    @Test func dstSpringForwardKeepsWallClockHours() {
        // 2027-03-14: New York moves from EST (UTC-5) to EDT (UTC-4) at 02:00.
        let opening = CallingWindow.usTCPA.nextOpening(after: date("2027-03-14T04:00:00Z"), in: newYork)
        #expect(opening == date("2027-03-14T12:00:00Z")) // 08:00 EDT
        #expect(!CallingWindow.usTCPA.isOpen(at: date("2027-03-15T01:30:00Z"), in: newYork)) // 21:30 EDT
        #expect(CallingWindow.usTCPA.isOpen(at: date("2027-03-15T00:30:00Z"), in: newYork)) // 20:30 EDT
    }

    @Test func dstFallBackKeepsWallClockHours() {
        // 2026-11-01: back to EST at 02:00; 08:00 EST is 13:00Z.
        let opening = CallingWindow.usTCPA.nextOpening(after: date("2026-11-01T06:00:00Z"), in: newYork)
        #expect(opening == date("2026-11-01T13:00:00Z"))
    }

    @Test func australianPresetHasShortSaturdayAndNoSunday() {
        let window = CallingWindow.australia
        // Saturday 2026-11-28 16:30 AEDT (UTC+11) open, 17:30 closed.
        #expect(window.isOpen(at: date("2026-11-28T05:30:00Z"), in: sydney))
        #expect(!window.isOpen(at: date("2026-11-28T06:30:00Z"), in: sydney))
        // Saturday 17:30 → next opening Monday 09:00 AEDT = Sunday 22:00Z.
        #expect(window.nextOpening(after: date("2026-11-28T06:30:00Z"), in: sydney) == date("2026-11-29T22:00:00Z"))
        #expect(!window.isOpen(at: date("2026-11-29T01:00:00Z"), in: sydney)) // Sunday 12:00
    }

    @Test func customWindowsCrossMidnightAndHolidaysClose() {
        let window = CallingWindow(days: ["fri": [LocalTimeRange("22:00", "02:00")]], holidays: ["2026-11-26"])
        let utc = TimeZone(identifier: "UTC")!
        #expect(window.isOpen(at: date("2026-11-27T23:30:00Z"), in: utc)) // Friday 23:30
        #expect(window.isOpen(at: date("2026-11-28T01:30:00Z"), in: utc)) // Saturday 01:30, still Friday's range
        #expect(!window.isOpen(at: date("2026-11-28T02:30:00Z"), in: utc))
        #expect(!window.isOpen(at: date("2026-11-26T12:00:00Z"), in: utc)) // Thursday holiday
        #expect(window.isOpen(at: date("2026-11-25T12:00:00Z"), in: utc)) // Wednesday keeps the preset
    }

    @Test func ambiguousZonesMustAllBeOpen() {
        let key = "America/New_York&America/Los_Angeles"
        #expect(!CallingWindow.usTCPA.isOpen(at: date("2026-11-23T14:00:00Z"), zoneKey: key)) // 09:00 NY, 06:00 LA
        #expect(CallingWindow.usTCPA.nextOpening(after: date("2026-11-23T14:00:00Z"), zoneKey: key) == date("2026-11-23T16:00:00Z"))
    }

    @Test func validationNamesBadFields() {
        let issues = CallingWindow(preset: "mars", days: ["mon": [LocalTimeRange("8am", "21:00")]], holidays: ["26/12/2026"]).validate()
        #expect(Set(issues.map(\.path)) == ["callingWindow.preset", "callingWindow.days.mon.0.start", "callingWindow.holidays.0"])
    }

    @Test func phoneNumbersResolveToZones() {
        #expect(ContactTimeZone.resolve(phoneNumber: "+12125550100", customFields: [:], campaignDefault: nil) == .zone("America/New_York"))
        #expect(ContactTimeZone.resolve(phoneNumber: "+13125550100", customFields: [:], campaignDefault: nil) == .zone("America/Chicago"))
        #expect(ContactTimeZone.resolve(phoneNumber: "+61291234567", customFields: [:], campaignDefault: nil) == .zone("Australia/Sydney"))
        #expect(
            ContactTimeZone.resolve(phoneNumber: "+12125550100", customFields: ["timeZone": .string("Europe/London")], campaignDefault: nil)
                == .zone("Europe/London"))
        if case .unknown(let reason) = ContactTimeZone.resolve(phoneNumber: "+999", customFields: [:], campaignDefault: nil) {
            #expect(reason.contains("no time zone"))
        } else {
            Issue.record("an unresolvable number got a zone")
        }
        #expect(ContactTimeZone.resolve(phoneNumber: "+999", customFields: [:], campaignDefault: "America/Denver") == .zone("America/Denver"))
    }
}
