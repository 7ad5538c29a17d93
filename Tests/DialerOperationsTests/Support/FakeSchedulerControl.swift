import DialerCore
import DialerOperations

/// Stands in for the scheduler: what it runs is set by the test; wakes and drains are recorded.
actor FakeSchedulerControl: SchedulerControl {
    var running: [ObjectId] = []
    private(set) var isDraining = false
    private(set) var wakes: [ObjectId?] = []

    func setRunning(_ ids: [ObjectId]) { running = ids }
    func drain() { isDraining = true }
    func wake(_ campaignId: ObjectId?) { wakes.append(campaignId) }
}
