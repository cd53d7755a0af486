package io.trustlake.auth;

import io.trustlake.common.crypto.Argon2id;
import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Randomness;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * Hashes and verifies text passwords with Argon2id, stored as PHC strings ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, standard base64 without padding). Passwords are
 * normalised to Unicode NFKC and encoded as UTF-8 before hashing, so the same password typed on
 * different keyboards matches. Thread-safe and stateless apart from the policy.
 *
 * <p>Verification never throws on a stored string: a malformed PHC string is a failed verification.
 */
public final class PasswordHasher {
    static final int SALT_LENGTH = 16;

    private final Argon2id.Parameters policy;

    /**
     * Creates a hasher with a cost policy.
     *
     * @param policy the cost parameters for new hashes; stored hashes with others need a rehash
     */
    public PasswordHasher(Argon2id.Parameters policy) {
        this.policy = policy;
    }

    public Argon2id.Parameters policy() {
        return policy;
    }

    /** A fresh PHC string for the password, with a random 16-byte salt and the current policy. */
    public String hash(String password) {
        byte[] salt = Randomness.bytes(SALT_LENGTH);
        return PhcString.format(policy, salt, Argon2id.hash(bytes(password), salt, policy));
    }

    /**
     * A PHC string for a graphical password: the picture ids in order, joined as {@code
     * pictures:id,id,…}, hashed exactly like a text password.
     */
    public String hashPictures(java.util.List<String> pictureIds) {
        return hash(picturesText(pictureIds));
    }

    public boolean verifyPictures(java.util.List<String> pictureIds, String phc) {
        return verify(picturesText(pictureIds), phc);
    }

    private static String picturesText(java.util.List<String> pictureIds) {
        return "pictures:" + String.join(",", pictureIds);
    }

    /** True only if the PHC string is well formed and was made from this password (constant time). */
    public boolean verify(String password, String phc) {
        Optional<PhcString> parsed = PhcString.parse(phc);
        if (parsed.isEmpty()) {
            simulateVerification(password);
            return false;
        }
        PhcString stored = parsed.get();
        byte[] computed = Argon2id.hash(bytes(password), stored.salt(), stored.parameters());
        return Hashes.equal(computed, stored.hash());
    }

    /**
     * Spends the time of one verification under the current policy without any stored hash, so that
     * an unknown user cannot be told apart from a wrong password by response time.
     */
    public void simulateVerification(String password) {
        Argon2id.hash(bytes(password), new byte[SALT_LENGTH], policy);
    }

    /** True when the stored string is malformed or was made with other parameters than the policy. */
    public boolean needsRehash(String phc) {
        return PhcString.parse(phc)
                .map(stored -> !stored.parameters().equals(policy) || stored.salt().length != SALT_LENGTH)
                .orElse(true);
    }

    private static byte[] bytes(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }
}
