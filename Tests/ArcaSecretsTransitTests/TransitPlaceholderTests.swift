import ArcaSecretsTransit
import Testing

@Test func asymmetricKeyTypesAreNamedAsVaultNamesThem() {
    #expect(AsymmetricKeyType(rawValue: "ecdsa-p256") == .ecdsaP256)
    #expect(AsymmetricKeyType(rawValue: "rsa-4096") == .rsa4096)
}
