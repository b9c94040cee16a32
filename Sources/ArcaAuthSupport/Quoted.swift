/// A Go-style quoted string (`"a\"b"`), as Vault's messages print names and URLs.
package func quoted(_ s: String) -> String {
    var out = "\""
    for c in s {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.append(c)
        }
    }
    return out + "\""
}
