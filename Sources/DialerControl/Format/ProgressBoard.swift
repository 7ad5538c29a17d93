import DialerOperator
import Foundation

/// The `watch` view: one progress bar per campaign. On a terminal the block is redrawn in place
/// with ANSI cursor movement; elsewhere each update is a plain line.
public struct ProgressBoard: Sendable {
    public var barWidth: Int
    public var nameWidth: Int
    /// ASCII bars for logs and terminals without Unicode.
    public var ascii: Bool
    private var drawnLines = 0

    public init(barWidth: Int = 24, nameWidth: Int = 28, ascii: Bool = false) {
        self.barWidth = barWidth
        self.nameWidth = nameWidth
        self.ascii = ascii
    }

    public func bar(done: Int, total: Int) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let (full, empty) = ascii ? ("#", "-") : ("█", "░")
        return "[" + String(repeating: full, count: filled) + String(repeating: empty, count: barWidth - filled) + "]"
    }

    public func line(_ p: CampaignProgress) -> String {
        let name = DisplayText.truncate(p.name, to: nameWidth).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        let percent = p.total > 0 ? Int((Double(p.done) / Double(p.total) * 100).rounded(.down)) : 0
        return "\(name) \(bar(done: p.done, total: p.total)) \(String(format: "%3d", percent))%  "
            + "\(p.done)/\(p.total) done  placed \(p.placed)  answered \(p.answered)  failed \(p.failed)  "
            + "in flight \(p.inFlight)  \(DisplayText.rate(p.cps)) cps  \(p.status)"
    }

    /// The text that replaces the previous frame with this one: the cursor goes back up over the
    /// lines drawn last time, each line is cleared and rewritten, and leftovers are blanked.
    public mutating func redraw(_ campaigns: [CampaignProgress], footer: String) -> String {
        let lines = (campaigns.isEmpty ? [Self.nothingToWatch] : campaigns.map(line)) + [footer]
        var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
        for text in lines { out += "\u{1B}[2K" + text + "\n" }
        let leftover = drawnLines - lines.count
        if leftover > 0 {
            out += String(repeating: "\u{1B}[2K\n", count: leftover) + "\u{1B}[\(leftover)F"
        }
        drawnLines = lines.count
        return out
    }

    public static let nothingToWatch = "(no active or paused campaigns)"

    /// One plain line per campaign update, for pipes and logs.
    public func plainLine(_ p: CampaignProgress, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: p.at) + " " + line(p)
    }
}
