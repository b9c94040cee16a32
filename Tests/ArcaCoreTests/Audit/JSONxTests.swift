import ArcaCore
import ArcaSDK
import ArcaWire
import Testing

@Suite struct JSONxTests {
    @Test("every JSON kind becomes its JSONx element; object members carry their names, in key order")
    func kinds() {
        let doc = JSONx.document([
            "s": "a<b&\"c\"", "n": .number(JSONNumber(1.5)), "t": true, "z": nil, "list": ["x", 2], "obj": ["k": "v"], "empty": [:],
        ])
        let root = #"<json:object xsi:schemaLocation="http://www.datapower.com/schemas/json jsonx.xsd""#
            + #" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#
            + #" xmlns:json="http://www.ibm.com/xmlns/prod/2009/jsonx">"#
        #expect(doc == #"<?xml version="1.0" encoding="UTF-8"?>"# + root
            + #"<json:object name="empty"></json:object>"#
            + #"<json:array name="list"><json:string>x</json:string><json:number>2</json:number></json:array>"#
            + #"<json:number name="n">1.5</json:number>"#
            + #"<json:object name="obj"><json:string name="k">v</json:string></json:object>"#
            + #"<json:string name="s">a&lt;b&amp;&quot;c&quot;</json:string>"#
            + #"<json:boolean name="t">true</json:boolean>"#
            + #"<json:null name="z"/>"#
            + "</json:object>")
    }

    @Test("one entry stays one line: newlines and control characters are character references")
    func oneLine() {
        let doc = JSONx.document(["a\nb": "line1\nline2\u{1}"])
        #expect(!doc.contains("\n"))
        #expect(doc.contains(#"name="a&#xA;b""#) && doc.contains("line1&#xA;line2&#xFFFD;"))
    }

    @Test("format=jsonx renders the audit entry as JSONx, prefix first, one line")
    func formatter() throws {
        let options = try AuditFormatOptions(options: ["format": "jsonx", "prefix": "X:"])
        let f = AuditFormatter(options: options, hasher: AuditHasher(salt: AuditFormatterTests.salt))
        let entry = f.requestEntry(
            auth: AuditAuth(), request: AuditRequest(id: "r", operation: .read, path: "p"), error: nil,
            time: AuditFormatterTests.time)
        let line = String(decoding: f.line(entry), as: UTF8.self)
        #expect(line.hasPrefix(#"X:<?xml version="1.0" encoding="UTF-8"?><json:object "#))
        #expect(line.hasSuffix("</json:object>\n") && line.filter { $0 == "\n" }.count == 1)
        #expect(line.contains(#"<json:string name="type">request</json:string>"#))
        #expect(line.contains(#"<json:object name="namespace"><json:string name="id">root</json:string></json:object>"#))
    }
}
