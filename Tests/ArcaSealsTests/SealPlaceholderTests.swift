import ArcaSeals
import Testing

@Test func sealCatalogExists() {
    #expect(String(describing: SealCatalog.self) == "SealCatalog")
}
