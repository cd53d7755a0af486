package io.trustlake.synthetic;

import io.trustlake.common.crypto.Hashes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Deterministically assigns string keys (providers, patients) to one of the consortium's hospitals. */
record HospitalAssignment(List<String> hospitals) {
    HospitalAssignment {
        hospitals = List.copyOf(hospitals);
    }

    /** SHA-256 of the key's UTF-8 bytes, read as an unsigned big-endian number, modulo the hospital count. */
    String hospitalOf(String key) {
        BigInteger digest = new BigInteger(1, Hashes.sha256(key.getBytes(StandardCharsets.UTF_8)));
        return hospitals.get(digest.mod(BigInteger.valueOf(hospitals.size())).intValueExact());
    }
}
