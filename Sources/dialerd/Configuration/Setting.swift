/// One setting of `dialerd serve`: its key in the config file, its environment variable, its
/// flag and its default. This table is the single source of the configuration reference.
public struct Setting: Sendable, Hashable {
    public let key: String
    public let defaultValue: String?
    public let secret: Bool
    public let help: String

    public var environmentVariable: String {
        "DIALER_"
            + key.reduce(into: "") { out, c in
                if c.isUppercase { out += "_" }
                out += c.uppercased()
            }
    }

    public var flag: String {
        "--"
            + key.reduce(into: "") { out, c in
                if c.isUppercase { out += "-" }
                out += c.lowercased()
            }
    }

    init(_ key: String, _ defaultValue: String?, secret: Bool = false, _ help: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.secret = secret
        self.help = help
    }

    public static let all: [Setting] = [
        Setting("mongoUri", "mongodb://127.0.0.1:27017/dialer", "MongoDB URI; the database name comes from its path"),
        Setting("publicUrl", nil, "public base URL providers call back (https://dialer.example.com)"),
        Setting("bind", "127.0.0.1:8080", "host:port the webhook and health server listens on (providers call it)"),
        Setting("apiBind", "127.0.0.1:8081", "host:port the operator API, /metrics and health listen on (keep it private; never the bind port)"),
        Setting("instanceId", nil, "owner name on leases and claims (default: hostname-pid)"),
        Setting("cps", "1", "account-wide calls per second (Twilio's default is 1)"),
        Setting("pollInterval", "1000", "milliseconds between polls for due campaigns"),
        Setting("leaseSeconds", "30", "campaign lease length; renewed every third of it"),
        Setting("drainSeconds", "30", "how long a drain waits for live calls before exiting"),
        Setting("reconcileAfterSeconds", "120", "a call still live after this long is checked with its provider"),
        Setting("reconcileIntervalSeconds", "30", "seconds between reconciliation scans"),
        Setting("controlSocket", nil, "control socket path (default $XDG_RUNTIME_DIR/dialer/dialerd.sock)"),
        Setting("logFormat", "text", "text (default; for people) or json (one object per line); auto picks text on a terminal, json otherwise"),
        Setting("logLevel", "info", "trace, debug, info, notice, warning, error or critical"),
        Setting("twilioAccountSid", nil, "Twilio account SID (AC…); with ElevenLabs, the account its calls are placed on (needed to hang them up)"),
        Setting("twilioAuthToken", nil, secret: true, "Twilio auth token; also verifies Twilio's webhook signatures"),
        Setting("twilioApiKeySid", nil, "Twilio API key SID (SK…), used instead of the auth token for REST calls"),
        Setting("twilioApiKeySecret", nil, secret: true, "Twilio API key secret"),
        Setting("twilioBaseUrl", "https://api.twilio.com", "Twilio REST base URL"),
        Setting("elevenlabsApiKey", nil, secret: true, "ElevenLabs API key (xi-api-key)"),
        Setting("elevenlabsWebhookSecret", nil, secret: true, "ElevenLabs post-call webhook HMAC secret"),
        Setting("elevenlabsBaseUrl", "https://api.elevenlabs.io", "ElevenLabs API base URL"),
        Setting("blandApiKey", nil, secret: true, "Bland API key"),
        Setting("blandWebhookSecret", nil, secret: true, "Bland webhook signing secret"),
        Setting("blandBaseUrl", "https://api.bland.ai", "Bland API base URL"),
        Setting("preDialSecret", nil, secret: true, "HMAC-SHA256 secret that signs pre-dial checks and verifies their answers"),
        Setting("preDialConcurrency", "8", "pre-dial checks in flight at once across this instance's campaigns (1 to 1000)"),
        Setting(
            "spoolDirectory", nil, "where callbacks wait while the database is down (default $STATE_DIRECTORY/spool, else XDG state dir/dialer/spool)"
        ),
        Setting("spoolMaxMegabytes", "256", "size limit of that spool (1 to 1048576); a full spool answers callbacks 503"),
        Setting("insecureSkipSignatures", "false", "accept unsigned webhooks: local development only"),
        Setting(
            "googleServiceAccountKeyFile", nil, "Google service-account JSON key file for Sheets (the path is not secret; keep the file private)"),
        Setting("googleTokenUrl", nil, "OAuth token endpoint (default: the key file's token_uri)"),
        Setting("sheetsBaseUrl", "https://sheets.googleapis.com", "Google Sheets API base URL"),
        Setting("sheetsCsvDirectory", nil, "without a Google key: sheets are CSV files DIR/<spreadsheetId>/<sheetName>.csv"),
        Setting("sheetsFlushMs", "2000", "write-back debounce: results are gathered this long, then written in one request"),
        Setting("sheetsWritesPerMinute", "60", "Sheets write requests per minute the write-back stays under (Google's quota is 60)"),
        Setting("eventWebhookUrl", nil, "where call.ended and campaign.completed webhooks go (a campaign's settings.webhookUrl wins)"),
        Setting(
            "eventWebhookSecret", nil, secret: true,
            "HMAC-SHA256 key signing event webhooks (at least 16 characters); without it no event webhook is sent"),
        Setting("eventWebhookTimeoutSeconds", "10", "how long one event webhook request may take (1 to 60) before it counts as failed")
    ]
}
