import DialerCore
import Foundation

/// Which zones' calling windows are open now. A window's state only changes at a boundary, so
/// each zone's answer is kept until then instead of being recomputed for every claim.
struct WindowCache {
    private var window: CallingWindow
    private var entries: [String: (open: Bool, until: Date)] = [:]

    init(window: CallingWindow) { self.window = window }

    mutating func update(window newWindow: CallingWindow) {
        if newWindow != window {
            window = newWindow
            entries = [:]
        }
    }

    mutating func isOpen(_ zoneKey: String, at now: Date) -> Bool {
        if let entry = entries[zoneKey], now < entry.until { return entry.open }
        let state = window.state(at: now, zoneKey: zoneKey)
        // Re-check at the boundary, or within an hour when the window is closed for weeks.
        entries[zoneKey] = (state.open, state.until ?? now.addingTimeInterval(3600))
        return state.open
    }
}
