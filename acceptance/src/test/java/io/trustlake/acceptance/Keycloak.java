package io.trustlake.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak from the {@code keycloak-quarkus-dist} zip (unpacked by the {@code keycloak}
 * Maven profile), run in dev mode ({@code start-dev}, H2 in its data directory) on a free loopback
 * port, with the realms of {@code src/test/resources/keycloak} imported. Keycloak needs Java 21 or
 * later: {@link #javaHome()} finds one.
 */
final class Keycloak implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofMinutes(8);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private Keycloak(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Keycloak from {@code distribution} with every realm file of {@code realms}. */
    static Keycloak start(Path distribution, Path realms) throws IOException {
        Path home = home(distribution);
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (Stream<Path> files = Files.list(realms)) {
            for (Path realm : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Files.copy(
                        realm, imports.resolve(realm.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        int port = FreePorts.consecutive(2);
        int management = port + 1;
        Path log = distribution.resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--import-realm",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--http-management-port=" + management,
                        "--cache=local")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Path java = javaHome();
        builder.environment().put("JAVA_HOME", java.toString());
        builder.environment().remove("JAVA_OPTS");
        // Keycloak 26.0's Byte Buddy knows Java up to 23; newer runtimes work with this switch.
        builder.environment().put("JAVA_OPTS_APPEND", "-Dnet.bytebuddy.experimental=true");
        home.resolve("bin/kc.sh").toFile().setExecutable(true);
        Keycloak keycloak = new Keycloak(builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close));
        try {
            keycloak.awaitReady("hosp-es");
        } catch (IOException | RuntimeException e) {
            keycloak.close();
            throw e;
        }
        return keycloak;
    }

    private static Path home(Path distribution) throws IOException {
        try (Stream<Path> entries = Files.list(distribution)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(p))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no keycloak-* directory in " + distribution));
        }
    }

    /**
     * A Java 21+ runtime: the {@code keycloak.java.home} system property, else {@code JAVA_HOME} if it
     * is 21 or later, else the oldest 21+ runtime under {@code /usr/lib/jvm} (the best-supported one).
     */
    static Path javaHome() {
        String configured = System.getProperty("keycloak.java.home", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String javaHome = Optional.ofNullable(System.getenv("JAVA_HOME")).orElse("");
        if (!javaHome.isBlank() && featureVersion(Path.of(javaHome)) >= 21) {
            return Path.of(javaHome);
        }
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.filter(p -> featureVersion(p) >= 21 && Files.isExecutable(p.resolve("bin/java")))
                    .forEach(candidates::add);
        } catch (IOException e) {
            throw new IllegalStateException("no Java 21+ runtime: set -Dkeycloak.java.home", e);
        }
        return candidates.stream()
                .min(Comparator.comparingInt(Keycloak::featureVersion))
                .orElseThrow(() -> new IllegalStateException(
                        "Keycloak needs Java 21 or later: install one or set -Dkeycloak.java.home"));
    }

    /** The feature version from a runtime's {@code release} file, 0 if unknown. */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            return 0;
        }
        String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
        String feature = version.split("[.+-]", -1)[0];
        try {
            return Integer.parseInt(feature);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void awaitReady(String realm) throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak stopped while starting:\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(issuer(realm) + "/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Keycloak", e);
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IOException("Keycloak was not ready within " + STARTUP + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** Tokens of the resource-owner password grant (enabled in the test realms only). */
    JsonNode passwordGrant(String realm, String client, String username, String password) throws IOException {
        String form = Map.of(
                        "grant_type", "password",
                        "client_id", client,
                        "username", username,
                        "password", password,
                        "scope", "openid")
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Keycloak refused the password grant for " + username + ": "
                        + response.statusCode() + " " + response.body());
            }
            return Json.tree(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String accessToken(String realm, String client, String username, String password) throws IOException {
        return passwordGrant(realm, client, username, password)
                .get("access_token")
                .asText();
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
