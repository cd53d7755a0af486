package io.trustlake.common.crypto;

import java.util.HexFormat;

/** Lower-case hexadecimal, the text form of hashes and public keys. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {}

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Throws {@link IllegalArgumentException} for odd length or non-hex characters. */
    public static byte[] decode(String hex) {
        return FORMAT.parseHex(hex);
    }
}
