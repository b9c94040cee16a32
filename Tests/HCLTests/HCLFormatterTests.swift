import HCL
import Testing

@Suite struct HCLFormatterTests {
    @Test("formatting is canonical and round-trips")
    func format() throws {
        let messy = """
            path   "secret/*"   {  capabilities=["read","list"]
            allowed_parameters = { "*" = [] }
             }
            # comment dropped
            path "sys/mounts" { capabilities = [ "sudo" ] }
            """
        let formatted = HCLFormatter.format(try HCLParser.parse(messy))
        #expect(formatted == """
            path "secret/*" {
              capabilities       = ["read", "list"]
              allowed_parameters = {
                "*" = []
              }
            }

            path "sys/mounts" {
              capabilities = ["sudo"]
            }

            """)
        #expect(HCLFormatter.format(try HCLParser.parse(formatted)) == formatted)
    }
}
