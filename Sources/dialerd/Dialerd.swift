import ArgumentParser

@main
struct Dialerd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialerd",
        abstract: "Dialer campaign execution engine.",
        subcommands: [Serve.self, InitDB.self]
    )
}
