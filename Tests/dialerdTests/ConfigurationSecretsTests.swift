import Testing
import dialerd

@Suite("Configuration: every secret of the Mongo URI is known to the log scrubber")
struct ConfigurationSecretsTests {
    private func configuration(mongoURI: String) throws -> ServeConfiguration {
        let flags = ["mongoUri": mongoURI, "publicUrl": "http://127.0.0.1:8080", "blandApiKey": "bl-SECRET-key"]
        return try ServeConfiguration.validate(ServeConfiguration.merge(file: [:], environment: [:], flags: flags), hostName: "h", pid: 1).get()
    }

    @Test func anUnescapedAtInThePasswordAndSecretOptionsAreCollectedAndHidden() throws {
        let config = try configuration(
            mongoURI: "mongodb://dialer:p@ss-SECRET-77@db.example/dialer?tls=true"
                + "&tlsCertificateKeyFilePassword=key-SECRET-pw&authMechanismProperties=AWS_SESSION_TOKEN:tok-SECRET-123")
        #expect(Set(config.secretValues).isSuperset(of: ["bl-SECRET-key", "p@ss-SECRET-77", "ss-SECRET-77", "key-SECRET-pw", "tok-SECRET-123"]))
        #expect(!config.description.contains("SECRET"), "\(config.description)")
        #expect(config.description.contains("mongodb://***@db.example/dialer?tls=true&tlsCertificateKeyFilePassword=***"))
    }

    @Test func aURIWithoutCredentialsAddsNoSecret() throws {
        #expect(try configuration(mongoURI: "mongodb://127.0.0.1:27017/dialer").secretValues == ["bl-SECRET-key"])
    }
}
