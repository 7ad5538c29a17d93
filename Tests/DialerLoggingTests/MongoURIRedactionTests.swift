import DialerLogging
import Testing

@Suite("Logging: a MongoDB URI's password and secret options never reach a log line")
struct MongoURIRedactionTests {
    @Test func aPasswordWithAnUnescapedAtIsHiddenUpToTheLastAtBeforeTheHost() {
        let uri = "mongodb://dialer:p@ss-SECRET-77@db.example:27017/dialer?appName=x"
        #expect(MongoURISecrets.redacting(uri) == "mongodb://***@db.example:27017/dialer?appName=x")
        let values = MongoURISecrets.values(in: uri)
        #expect(values.contains("p@ss-SECRET-77"))
        #expect(values.contains("ss-SECRET-77"), "what a parser splitting at the first @ would show as a host")
        #expect(SecretRedactor.none.redact("cannot connect to \(uri)") == "cannot connect to mongodb://***@db.example:27017/dialer?appName=x")
    }

    @Test func aPasswordWithASlashIsHiddenWhole() {
        let uri = "mongodb://dialer:ab/cd+SECRET==@db.example/dialer"
        #expect(MongoURISecrets.redacting(uri) == "mongodb://***@db.example/dialer")
        #expect(MongoURISecrets.values(in: uri).contains("ab/cd+SECRET=="))
    }

    @Test(arguments: ["tlsCertificateKeyFilePassword", "TLSCERTIFICATEKEYFILEPASSWORD", "sslclientcertificatekeypassword", "sslPEMKeyPassword"])
    func secretOptionValuesAreHiddenWhateverTheirCase(_ option: String) {
        let uri = "mongodb+srv://cluster.example/dialer?tls=true&\(option)=key-SECRET-pw&appName=dialerd"
        #expect(MongoURISecrets.redacting(uri) == "mongodb+srv://cluster.example/dialer?tls=true&\(option)=***&appName=dialerd")
        #expect(MongoURISecrets.values(in: uri) == ["key-SECRET-pw"])
        let line = SecretRedactor.none.redact(#"server selection failed for "\#(uri)""#)
        #expect(!line.contains("key-SECRET-pw") && line.contains("appName=dialerd"), "\(line)")
    }

    @Test func anAWSSessionTokenInAuthMechanismPropertiesIsHidden() {
        let uri =
            "mongodb://AKIAEXAMPLE:aws-SECRET-key@db.example/?authMechanism=MONGODB-AWS"
            + "&authMechanismProperties=AWS_SESSION_TOKEN:tok-SECRET-123;w=majority"
        #expect(MongoURISecrets.redacting(uri) == "mongodb://***@db.example/?authMechanism=MONGODB-AWS&authMechanismProperties=***;w=majority")
        #expect(Set(MongoURISecrets.values(in: uri)).isSuperset(of: ["aws-SECRET-key", "tok-SECRET-123"]))
        let encoded = "mongodb://db.example/?authMechanismProperties=SERVICE_NAME%3Amongodb%2CAWS_SESSION_TOKEN%3Atok%2FSECRET"
        #expect(MongoURISecrets.values(in: encoded).contains("tok/SECRET"))
        #expect(MongoURISecrets.redacting(encoded) == "mongodb://db.example/?authMechanismProperties=***")
        let harmless = "mongodb://db.example/?authMechanism=GSSAPI&authMechanismProperties=SERVICE_NAME:mongodb"
        #expect(MongoURISecrets.redacting(harmless) == harmless)
    }

    @Test func aURIWithoutSecretsIsLeftAsItIs() {
        for uri in ["mongodb://127.0.0.1:27017/dialer", "mongodb://h1,h2:27018/db?replicaSet=rs0&appName=a@b", "not a uri"] {
            #expect(MongoURISecrets.redacting(uri) == uri)
            #expect(SecretRedactor.none.redact("at \(uri) now") == "at \(uri) now")
        }
    }

    @Test func theConfiguredValuesAreScrubbedWhereverTheyAppearAlone() {
        let uri = "mongodb://u:p@ss-SECRET-77@h/db?tlsCertificateKeyFilePassword=key%40SECRET-pw"
        let redactor = SecretRedactor(secrets: MongoURISecrets.values(in: uri))
        let line = redactor.redact("tls: bad key password key@SECRET-pw; auth failed for ss-SECRET-77@h")
        #expect(!line.contains("SECRET"), "\(line)")
    }
}
