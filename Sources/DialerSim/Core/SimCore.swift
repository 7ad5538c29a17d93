import DialerCore
import Foundation

/// The state every route handler shares.
final class SimCore: Sendable {
    let configuration: SimConfiguration
    let clock: any SimClock
    let book: SimCallBook
    let log: SimRequestLog
    let google: GoogleSimState
    let faults = SimFaultList()
    let events = SimEventReceiver()
    /// A Twilio account-level refusal in force until cleared.
    let twilioAccountError = LockedValue<TwilioSimAccountError?>(nil)
    /// REST requests being handled right now, for the 429 limit.
    let inFlight = LockedValue(0)

    init(configuration: SimConfiguration, clock: any SimClock, book: SimCallBook, log: SimRequestLog, google: GoogleSimState) {
        self.google = google
        self.configuration = configuration
        self.clock = clock
        self.book = book
        self.log = log
    }
}
