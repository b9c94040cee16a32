import ArcaWire

/// JSONx (IBM's XML rendering of JSON, draft-rsalz-jsonx): each value becomes a `json:object`,
/// `json:array`, `json:string`, `json:number`, `json:boolean` or `json:null` element, object
/// members carrying their key in a `name` attribute. Vault's `format=jsonx` audit output is the
/// JSON entry rendered this way, one document per line.
package enum JSONx {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#
    static let namespaces =
        #" xsi:schemaLocation="http://www.datapower.com/schemas/json jsonx.xsd""#
        + #" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#
        + #" xmlns:json="http://www.ibm.com/xmlns/prod/2009/jsonx""#

    /// The document for `value`, on one line (members in key order).
    package static func document(_ value: JSONValue) -> String {
        var out = declaration
        write(value, name: nil, root: true, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, name: String?, root: Bool, into out: inout String) {
        let attributes = (name.map { #" name=""# + escape($0) + #"""# } ?? "") + (root ? namespaces : "")
        func element(_ tag: String, _ body: String?) {
            if let body {
                out += "<json:\(tag)\(attributes)>\(body)</json:\(tag)>"
            } else {
                out += "<json:\(tag)\(attributes)/>"
            }
        }
        switch value {
        case .null: element("null", nil)
        case .bool(let b): element("boolean", b ? "true" : "false")
        case .number(let n): element("number", n.literal)
        case .string(let s): element("string", escape(s))
        case .array(let items):
            out += "<json:array\(attributes)>"
            for item in items { write(item, name: nil, root: false, into: &out) }
            out += "</json:array>"
        case .object(let members):
            out += "<json:object\(attributes)>"
            for key in members.keys.sorted() { write(members[key]!, name: key, root: false, into: &out) }
            out += "</json:object>"
        }
    }

    /// Escapes XML's special characters; control characters XML 1.0 cannot carry become
    /// character references of U+FFFD so that one entry stays one well-formed line.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#xA;"
            case "\r": out += "&#xD;"
            case "\t": out += "&#x9;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "&#xFFFD;"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
