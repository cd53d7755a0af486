package io.trustlake.common.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** The Argon2id password-hashing function (RFC 9106), through BouncyCastle. Thread-safe. */
public final class Argon2id {
    public static final int VERSION = 0x13;

    private Argon2id() {}

    /** Cost parameters: memory in KiB, iterations, lanes, and output length in bytes. */
    public record Parameters(int memoryKib, int iterations, int parallelism, int hashLength) {
        public Parameters {
            if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1 || hashLength < 16) {
                throw new IllegalArgumentException("Argon2id parameters out of range");
            }
        }
    }

    public static byte[] hash(byte[] password, byte[] salt, Parameters parameters) {
        Argon2Parameters bcParameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(bcParameters);
        byte[] out = new byte[parameters.hashLength()];
        generator.generateBytes(password, out);
        return out;
    }
}
