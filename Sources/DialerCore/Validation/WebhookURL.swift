import Foundation

/// The one rule for a URL dialerd sends webhooks to: per-campaign `webhookUrl` and dialerd's
/// `eventWebhookUrl` are checked by it alike.
public enum WebhookURL {
    public static let maxLength = 2048

    /// Why `text` cannot be used, or nil when it can.
    public static func problem(_ text: String) -> String? {
        guard text.count <= maxLength else { return "must be at most \(maxLength) characters, got \(text.count)" }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty
        else { return "must be an absolute http or https URL, got \"\(text.prefix(80))\"" }
        // Credentials in the URL would be stored in the queue and shown by `dialerctl show`.
        guard components.user == nil, components.password == nil else { return "must not carry a user name or password" }
        return nil
    }
}
