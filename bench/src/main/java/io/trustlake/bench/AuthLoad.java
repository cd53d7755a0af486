package io.trustlake.bench;

import io.trustlake.auth.AccountRegistration;
import io.trustlake.auth.AccountStore;
import io.trustlake.auth.AuthConfig;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.InMemoryKeyDirectory;
import io.trustlake.auth.InMemoryRevocationList;
import io.trustlake.auth.LockoutPolicy;
import io.trustlake.auth.LoginResult;
import io.trustlake.auth.NewAccount;
import io.trustlake.auth.PasswordHasher;
import io.trustlake.auth.Role;
import io.trustlake.auth.TokenCheck;
import io.trustlake.auth.TokenIssuer;
import io.trustlake.auth.TokenKey;
import io.trustlake.auth.TokenVerifier;
import io.trustlake.common.crypto.Argon2id;
import io.trustlake.common.crypto.Ed25519;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Sign-in and token figures on one thread, each next to the limit measured in the same run:
 * password sign-ins per second against raw Argon2id hashes per second (same parameters), and token
 * verifications per second against raw Ed25519 verifications per second of the same signing input.
 */
final class AuthLoad {
    private final PrintStream out;
    private final Duration duration;
    private final Argon2id.Parameters parameters;

    AuthLoad(PrintStream out, Duration duration, Argon2id.Parameters parameters) {
        this.out = out;
        this.duration = duration;
        this.parameters = parameters;
    }

    void run() throws IOException {
        Path directory = Files.createTempDirectory("trustlake-auth-bench");
        Clock clock = Clock.systemUTC();
        AuthConfig config = AuthConfig.defaults()
                .withPasswordHashing(parameters)
                .withLockout(new LockoutPolicy(
                        Integer.MAX_VALUE,
                        Integer.MAX_VALUE,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofHours(1)));
        try (AccountStore accounts = AccountStore.open(directory)) {
            PasswordHasher hasher = new PasswordHasher(parameters);
            TokenKey key = new TokenKey("bench-1", Ed25519.generate());
            TokenIssuer issuer = new TokenIssuer("hosp-es", key, clock, config.tokens());
            InMemoryRevocationList revocations = new InMemoryRevocationList(clock, config.tokens());
            AuthServices auth = AuthServices.create(
                    accounts, hasher, issuer, revocations, new AuthServices.Settings(config, "Bench", clock));
            new AccountRegistration(accounts, hasher, clock)
                    .register(
                            NewAccount.staff(
                                    "hosp-es", "bench", "Bench", Role.PROFESSIONAL, List.of("hosp-es:cardiology")),
                            "a long enough bench password");
            InMemoryKeyDirectory keys = new InMemoryKeyDirectory();
            keys.add(issuer.publicKey());
            TokenVerifier verifier = new TokenVerifier(keys, revocations, clock, config.tokens());

            out.printf(
                    "Argon2id m=%d KiB t=%d p=%d, one thread, %d s per figure%n",
                    parameters.memoryKib(), parameters.iterations(), parameters.parallelism(), duration.toSeconds());
            byte[] salt = new byte[16];
            byte[] password = "a long enough bench password".getBytes(StandardCharsets.UTF_8);
            double rawHash = rate(() -> Argon2id.hash(password, salt, parameters));
            double logins =
                    rate(() -> require(auth.authenticator().login("bench", "a long enough bench password", "bench")));
            out.printf(
                    "password sign-ins/s: %.1f   raw Argon2id hashes/s: %.1f   ratio %.2f%n",
                    logins, rawHash, logins / rawHash);

            String token = ((LoginResult.Success)
                            auth.authenticator().login("bench", "a long enough bench password", "bench"))
                    .token()
                    .compact();
            int dot = token.lastIndexOf('.');
            byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = io.trustlake.common.encoding.Base64Url.decode(token.substring(dot + 1));
            byte[] publicKey = key.keyPair().publicKey();
            double rawVerify = rate(() -> Ed25519.verify(publicKey, input, signature));
            double verifications = rate(() -> valid(verifier, token));
            List<String> pool = new java.util.ArrayList<>();
            for (int i = 0; i < FIRST_SIGHT_POOL; i++) {
                pool.add(issuer.issue(accounts.findByUserId("hosp-es:bench").orElseThrow())
                        .compact());
            }
            int[] next = {0};
            double firstSight = rate(() -> valid(verifier, pool.get(next[0]++ % FIRST_SIGHT_POOL)));
            out.printf(
                    "token verifications/s, first sight: %.0f   raw Ed25519 verifications/s: %.0f   ratio %.2f%n",
                    firstSight, rawVerify, firstSight / rawVerify);
            out.printf(
                    "token verifications/s, token seen before (every request after the first): %.0f   ratio to raw Ed25519 %.1f   (target 50,000/s per core)%n",
                    verifications, verifications / rawVerify);
        }
    }

    /** More tokens than the verifier remembers, so each is verified from scratch. */
    private static final int FIRST_SIGHT_POOL = 20_000;

    private static void valid(TokenVerifier verifier, String token) {
        if (!(verifier.verify(token) instanceof TokenCheck.Valid)) {
            throw new IllegalStateException("token refused");
        }
    }

    private static void require(LoginResult result) {
        if (!(result instanceof LoginResult.Success)) {
            throw new IllegalStateException("bench sign-in failed: " + result);
        }
    }

    /** Operations per second over the duration, after a warm-up of a third of it. */
    private double rate(Runnable operation) {
        long warmUpEnd = System.nanoTime() + duration.toNanos() / 3;
        while (System.nanoTime() < warmUpEnd) {
            operation.run();
        }
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now = start;
        while (now < end) {
            operation.run();
            count++;
            now = System.nanoTime();
        }
        return count / ((now - start) / 1e9);
    }
}
