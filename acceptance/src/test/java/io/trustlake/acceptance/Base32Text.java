package io.trustlake.acceptance;

import java.io.ByteArrayOutputStream;

/** RFC 4648 base32 decoding of an authenticator secret as a person would type it (no padding). */
final class Base32Text {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32Text() {}

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            buffer = (buffer << 5) | ALPHABET.indexOf(text.charAt(i));
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
