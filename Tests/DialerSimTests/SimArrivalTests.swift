import DialerCore
import DialerHTTP
import Foundation
import Testing

@testable import DialerSim

@Suite struct SimArrivalTests {
    /// The log's arrival comes from the event loop; a client cannot set it.
    @Test func aClientCannotForgeTheArrivalTime() async throws {
        try await withSim { h in
            let before = Date()
            let request = HTTPRequest(
                method: "GET", url: h.sim.baseURL + h.callsPath,
                headers: [HTTPHeader("X-Dialer-Sim-Arrival", "0")],
                basicAuth: BasicCredentials(user: h.accountSid, password: h.sim.configuration.twilioAuthToken))
            let response = try await h.http.send(request)
            let after = Date()
            #expect(response.status == 200)
            let records = await h.sim.requestLog.all()
            let arrival = try #require(records.last?.arrival)
            #expect(arrival >= before.addingTimeInterval(-0.001))
            #expect(arrival <= after)
        }
    }
}
