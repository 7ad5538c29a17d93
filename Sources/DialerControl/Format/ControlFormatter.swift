import DialerCore
import DialerOperator
import Foundation

/// dialerctl's human-readable output for each command's result.
public struct ControlFormatter: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone = .current) { self.timeZone = timeZone }

    private func date(_ value: Date?) -> String { DisplayText.date(value, in: timeZone) }

    public func campaignList(_ list: CampaignList) -> String {
        guard !list.campaigns.isEmpty else { return "No campaigns." }
        let table = TextTable([
            .init("ID"), .init("NAME"), .init("STATUS"), .init("CONTACTS", .right), .init("PLACED", .right),
            .init("ANSWERED", .right), .init("FAILED", .right), .init("NEXT RUN")
        ])
        let rows = list.campaigns.map { c in
            [
                c.id, DisplayText.truncate(c.name, to: 32), statusText(c), String(c.totalContacts),
                String(c.callsPlaced), String(c.callsAnswered), String(c.callsFailed), c.nextExecution.map { date($0) } ?? "-"
            ]
        }
        var text = table.render(rows)
        if list.total > list.campaigns.count { text += "\n(\(list.campaigns.count) of \(list.total) shown)" }
        return text
    }

    private func statusText(_ c: CampaignSummary) -> String {
        if c.lastError != nil { return c.status + " (set aside)" }
        if c.pauseReason != nil { return c.status + " (provider error)" }
        return c.status
    }

    public func campaignDetail(_ d: CampaignDetail) -> String {
        let c = d.campaign
        var lines: [String] = []
        lines.append("\(c.name)  (\(c.id))")
        if let description = d.description, !description.isEmpty { lines.append(description) }
        lines.append("")
        let fields: [(String, String)] = [
            ("Status", c.status),
            ("Provider", c.provider ?? "twilio (default)"),
            ("Caller ID", d.callerId ?? "-"),
            ("Next execution", d.nextExecution.map { date($0) } ?? "now (when active)"),
            ("Last executed", date(d.lastExecuted)),
            ("Lease", d.lease.map { "\($0.owner) until \(date($0.until))" } ?? "none")
        ]
        lines += keyValues(fields)
        if let reason = c.lastError {
            lines.append("")
            lines.append("SET ASIDE" + (d.lastErrorAt.map { " at \(date($0))" } ?? "") + ": \(reason)")
            lines.append("  Fix the campaign document, then: dialerctl resume \(c.id)")
        }
        if let reason = c.pauseReason {
            lines.append("")
            lines.append("PAUSED BY THE ENGINE: \(reason)")
            lines.append("  Its contacts are untouched. Fix the provider account or the campaign, then: dialerctl resume \(c.id)")
        }
        lines.append("")
        lines.append("Settings")
        let s = d.settings
        var settingLines = [
            ("Call delay", "\(s.callDelay) ms"),
            ("Max concurrent calls", String(s.maxConcurrentCalls)),
            ("Retries", "\(s.retryCount), \(s.retryDelay) ms apart" + (s.retryBackoff != 1 ? " ×\(s.retryBackoff)" : "")),
            ("Machine answers", s.machinePolicy.rawValue),
            ("Opt-out field", s.optOutField ?? "-"),
            ("Default time zone", d.defaultTimeZone ?? "-")
        ]
        // The one provider setting whose absence changes what a call is: no agent, only <Say>.
        if c.provider == nil || c.provider == ProviderKind.twilio.rawValue {
            let answer =
                s.twilio?.url.map { "agent at \($0)" }
                ?? (s.twilio?.twiml != nil ? "TwiML template" : "<Say> of the first message only (no agent)")
            settingLines.append(("Answered call", answer))
        }
        lines += keyValues(settingLines, indent: "  ")
        lines.append("")
        lines.append("Stats")
        lines += keyValues(
            [
                ("Contacts", String(d.stats.totalContacts)),
                ("Calls placed", String(d.stats.callsPlaced)),
                ("Answered", String(d.stats.callsAnswered)),
                ("Completed", String(d.stats.callsCompleted)),
                ("Failed", String(d.stats.callsFailed)),
                ("Average duration", d.stats.durationCount > 0 ? DisplayText.duration(d.stats.averageDuration) : "-")
            ], indent: "  ")
        lines.append("")
        let order = ["pending", "calling", "retry", "completed", "failed", "skipped"]
        let states =
            order.map { "\($0) \(d.dialStates[$0] ?? 0)" }
            + d.dialStates.keys.filter { !order.contains($0) }.sorted().map { "\($0) \(d.dialStates[$0]!)" }
        lines.append("Contacts: " + states.joined(separator: ", "))
        lines.append("")
        lines.append("In flight: \(d.inFlight.count)")
        if !d.inFlight.calls.isEmpty {
            let table = TextTable([.init("TO"), .init("STATUS"), .init("ATTEMPT", .right), .init("STARTED")])
            lines.append(indent(table.render(d.inFlight.calls.map { [$0.to, $0.status, String($0.attempt), date($0.createdAt)] })))
        }
        lines.append("")
        let w = d.window
        lines.append(
            "Calling window (\(w.rule)): "
                + (w.open ? "open now" : "closed" + (w.nextOpening.map { ", opens \(date($0))" } ?? ", no opening within three weeks")))
        for zone in w.zones {
            let state =
                zone.open
                ? "open" : zone.nextOpening.map { "closed until \(date($0))" } ?? (zone.zone == nil ? "no time zone: contacts skipped" : "closed")
            lines.append("  \(zone.zone ?? "(unknown)"): \(state)")
        }
        lines.append("")
        if let seconds = d.eta.seconds {
            lines.append("ETA: \(DisplayText.duration(seconds)) (finishing about \(date(d.eta.finishAt)))")
        } else {
            lines.append("ETA: -")
        }
        lines.append("  \(d.eta.basis)")
        if let actions = d.recentActions, !actions.isEmpty {
            lines.append("")
            lines.append("Recent actions")
            let table = TextTable([.init("AT"), .init("ACTION"), .init("BY"), .init("STATUS")])
            lines.append(indent(table.render(actions.map { [date($0.at), $0.action, $0.by, "\($0.fromStatus) → \($0.toStatus)"] })))
        }
        return lines.joined(separator: "\n")
    }

    public func action(_ verb: String, _ summary: CampaignSummary) -> String {
        "\(verb) \"\(summary.name)\" (\(summary.id)): now \(summary.status)."
    }

    public func stop(_ result: StopResult) -> String {
        action("Stopped", result.campaign) + (result.hungUp > 0 ? " Hung up \(result.hungUp) live call\(result.hungUp == 1 ? "" : "s")." : "")
    }

    public func engineStatus(_ status: EngineStatus) -> String {
        let database =
            status.database.ok
            ? "ok (\(status.database.latencyMs.map { String(format: "%.1f", $0) } ?? "?") ms)"
            : "UNHEALTHY: \(status.database.error ?? "unknown error")"
        let cps = "\(status.cps.inUse) / " + (status.cps.cap.map { DisplayText.rate($0) } ?? "no limit")
        var lines = keyValues([
            ("Instance", status.instanceId),
            ("State", status.draining ? "draining (no new calls)" : "running"),
            ("Calls per second", cps),
            ("Database", database),
            ("Leases held", String(status.leases.count))
        ])
        lines += status.leases.map { "  \($0.id)  \($0.name ?? "")" }
        return lines.joined(separator: "\n")
    }

    public func drain(_ result: DrainResult) -> String {
        "Draining: no new calls will be claimed. \(result.runningCampaigns.count) campaign(s) finishing "
            + "\(result.inFlightCalls) live call(s); dialerd exits when they end."
    }

    public func importResult(_ result: ImportResult, directory: String) -> String {
        var lines: [String] = []
        if let campaign = result.campaign {
            lines.append("Imported \"\(campaign.name)\" (\(campaign.id)) with \(result.contacts) contacts; status \(campaign.status).")
        } else {
            lines.append("\(directory): valid, \(result.contacts) contacts (dry run: nothing imported).")
        }
        lines += result.warnings.map { "warning: " + located($0, directory: directory) }
        return lines.joined(separator: "\n")
    }

    /// An error as dialerctl prints it on stderr; import problems one per line, compiler style.
    public func error(_ error: ControlErrorBody, directory: String? = nil) -> String {
        guard let issues = error.issues, !issues.isEmpty else { return "error (\(error.code)): \(error.message)" }
        return
            (["error (\(error.code)): \(issues.count) problem\(issues.count == 1 ? "" : "s"); nothing was imported"]
            + issues.map { located($0, directory: directory) }).joined(separator: "\n")
    }

    private func located(_ issue: ImportIssue, directory: String?) -> String {
        guard let directory, !issue.file.hasPrefix("/") else { return issue.description }
        var prefixed = issue
        prefixed.file = (directory as NSString).appendingPathComponent(issue.file)
        return prefixed.description
    }

    private func keyValues(_ pairs: [(String, String)], indent: String = "") -> [String] {
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { indent + $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
    }

    private func indent(_ text: String) -> String { text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") }
}
