package io.trustlake.ledger.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A statement about the log: "the log identified by {@code origin} had {@code size} entries with
 * tree head {@code root} at {@code time}". {@code origin} is the hex hash of the consortium's
 * genesis block header, {@code root} the hex RFC 9162 tree head; {@code time} is whole seconds.
 * Organisations' nodes sign {@link #signedText()} to cosign it.
 */
public record Checkpoint(String origin, long size, String root, Instant time) {
    public static final String FORMAT = "trustlake-checkpoint/v1";

    public Checkpoint {
        time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The exact text each node signs (Ed25519 over its UTF-8 bytes): five lines, each ending in a
     * line feed — the format name, the origin, the size in decimal, the root in lower-case hex, and
     * the time in ISO-8601 UTC without fractions, e.g. {@code 2026-01-31T12:00:00Z}.
     */
    public String signedText() {
        return FORMAT + "\n" + origin + "\n" + size + "\n" + root + "\n" + time + "\n";
    }

    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }
}
