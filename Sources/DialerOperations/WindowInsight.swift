import DialerCore
import DialerOperator
import Foundation

/// The calling window now, per zone of the contacts still to call.
public enum WindowInsight {
    public static func state(window: CallingWindow?, zones: [String?], now: Date) -> WindowState {
        let effective = window ?? .usTCPA
        let perZone = zones.map { zone -> ZoneWindowState in
            guard let zone else { return ZoneWindowState(zone: nil, open: false, nextOpening: nil) }
            let open = effective.isOpen(at: now, zoneKey: zone)
            return ZoneWindowState(zone: zone, open: open, nextOpening: open ? now : effective.nextOpening(after: now, zoneKey: zone))
        }
        let open = perZone.contains { $0.open }
        let next = open ? now : perZone.compactMap(\.nextOpening).min()
        return WindowState(open: open, nextOpening: next, zones: perZone, rule: rule(window))
    }

    static func rule(_ window: CallingWindow?) -> String {
        guard let window else { return "us-tcpa (default)" }
        if window.days?.isEmpty == false { return window.preset.map { "custom over preset \($0)" } ?? "custom" }
        return "preset \(window.preset ?? "us-tcpa")"
    }
}
