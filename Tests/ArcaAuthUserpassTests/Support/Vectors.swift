/// bcrypt hashes made by other implementations, embedded so the tests need nothing installed.
enum Vectors {
    /// Python's bcrypt 5.0 (`$2b$`), password `p@ss wörd`.
    static let python2b = "$2b$07$O/YQieiAdwMMJv/95BRBeuxNBh4OQlEKkyyBLrpZqNJF1p57FA3PK"
    /// Python's bcrypt with a `$2y$` prefix, password `x`.
    static let python2y = "$2y$05$kroBTkWz0g2zw3ngAda2hefPhPHPf2NuI80GqsrAoYF.//DhILsxq"
    /// Cost 4 and 13: outside the range userpass accepts pre-hashed.
    static let cost4 = "$2a$04$ZhHIzOkz/HrT9.A7okdTqOTiRCDk6a38vRY7KNlY0AnxaoeI0pDS."
    static let cost13 = "$2a$13$ZhHIzOkz/HrT9.A7okdTqOTiRCDk6a38vRY7KNlY0AnxaoeI0pDS."
}
