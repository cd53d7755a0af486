package io.trustlake.lake;

import io.trustlake.common.crypto.Hmac;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keyed pseudonyms for de-identified copies. Every value is HMAC-SHA-256 under a key derived from
 * the node's key-encryption key (so only this node can compute them, and nobody can invert them)
 * and bound to a <em>scope</em>, the organisation the copy is made for: the same patient or
 * resource gets the same pseudonym in every extract made for one organisation, and unrelated ones
 * for different organisations or on different nodes. Immutable and thread-safe.
 */
final class Pseudonyms {
    /** The largest date shift, in days; shifts are 1 to this many days forward. */
    static final int MAX_SHIFT_DAYS = 365;

    private final byte[] key;
    private final String scope;

    private Pseudonyms(byte[] key, String scope) {
        this.key = key;
        this.scope = scope;
    }

    /** Pseudonyms for extracts made for {@code scope} (an organisation id). */
    static Pseudonyms of(KeyEncryptionKey keyEncryptionKey, String scope) {
        byte[] derived = Hmac.sha256(keyEncryptionKey.bytes(), utf8("trustlake/pseudonym-key/v1"));
        return new Pseudonyms(derived, scope);
    }

    /** The pseudonymous patient key: a UUID that stands for the patient in every resource. */
    String patientKey(String patientId) {
        return uuid(mac("patient", patientId));
    }

    /** The pseudonymous id of a resource (or of anything else with a source id). */
    String resourceId(String sourceId) {
        return uuid(mac("resource", sourceId));
    }

    /** A pseudonymous DICOM UID ({@code 2.25.<decimal>}, ISO/IEC 9834-8) for a source UID. */
    String uid(String sourceUid) {
        return "2.25." + new BigInteger(1, Arrays.copyOf(mac("uid", sourceUid), 16));
    }

    /** How many days (1 to {@value #MAX_SHIFT_DAYS}) every date of the patient moves forward. */
    int dayShift(String patientId) {
        int bits = ByteBuffer.wrap(mac("date-shift", patientId)).getInt() & Integer.MAX_VALUE;
        return 1 + bits % MAX_SHIFT_DAYS;
    }

    private byte[] mac(String purpose, String value) {
        return Hmac.sha256(key, utf8(purpose + "|" + scope + "|" + value));
    }

    /** A version-8 (custom) UUID from the first 16 bytes of {@code hash}. */
    private static String uuid(byte[] hash) {
        byte[] bytes = Arrays.copyOf(hash, 16);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x80);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
