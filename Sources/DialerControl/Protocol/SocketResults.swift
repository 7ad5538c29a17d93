import DialerCore
import DialerOperator
import Foundation

// Results only the socket speaks: the greeting and the watch stream's frames.

public struct ServerInfo: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var server: String
    public var instanceId: String
    public var commands: [String]

    public init(
        protocolVersion: Int = ControlProtocol.version, server: String = "dialerd", instanceId: String,
        commands: [String] = ControlCommand.allCases.map(\.rawValue)
    ) {
        self.protocolVersion = protocolVersion
        self.server = server
        self.instanceId = instanceId
        self.commands = commands
    }
}

/// Ends each interval of a watch stream, after its progress events.
public struct WatchTick: Codable, Sendable, Equatable {
    public var at: Date
    public var campaigns: Int

    public init(at: Date, campaigns: Int) {
        self.at = at
        self.campaigns = campaigns
    }
}

/// The response that ends a watch: every watched campaign finished.
public struct WatchEnd: Codable, Sendable, Equatable {
    public var reason: String
    public var campaigns: [CampaignProgress]

    public init(reason: String, campaigns: [CampaignProgress]) {
        self.reason = reason
        self.campaigns = campaigns
    }
}
