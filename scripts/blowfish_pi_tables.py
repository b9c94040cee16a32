#!/usr/bin/env python3
"""Regenerates Sources/ArcaSDK/Crypto/Blowfish+Tables.swift.

Blowfish's initial P-array (18 words) and S-boxes (4 x 256 words) are the hexadecimal digits of
pi's fractional part, in order. This computes them with Machin's formula in exact integers and
writes them as one Swift array.
"""
import pathlib

WORDS = 18 + 4 * 256
DIGITS = WORDS * 8 + 16
GUARD = 2**32


def arctan_inverse(x: int, scale: int) -> int:
    total = term = scale // x
    n, sign = 1, -1
    while term:
        term //= x * x
        total += sign * (term // (2 * n + 1))
        sign, n = -sign, n + 1
    return total


def pi_words() -> list[int]:
    scale = 16**DIGITS * GUARD
    pi = (16 * arctan_inverse(5, scale) - 4 * arctan_inverse(239, scale)) // GUARD
    hexits = format(pi - 3 * 16**DIGITS, "x").rjust(DIGITS, "0")
    words = [int(hexits[i * 8 : i * 8 + 8], 16) for i in range(WORDS)]
    assert words[0] == 0x243F6A88 and words[18] == 0xD1310BA6 and words[-1] == 0x3AC372E6
    return words


def main() -> None:
    words = pi_words()
    lines = [
        "// Generated from the hexadecimal digits of pi (Blowfish's initial P-array and S-boxes are the",
        "// first 8,336 hex digits of pi's fractional part); the generator is scripts/blowfish_pi_tables.py.",
        "",
        "extension Blowfish {",
        "    /// The initial state: 18 P-array words followed by four S-boxes of 256 words each.",
        "    static let initialState: [UInt32] = [",
    ]
    for i in range(0, len(words), 6):
        lines.append("        " + ", ".join(f"0x{w:08x}" for w in words[i : i + 6]) + ",")
    lines += ["    ]", "}"]
    target = pathlib.Path(__file__).resolve().parent.parent / "Sources/ArcaSDK/Crypto/Blowfish+Tables.swift"
    target.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
