package io.trustlake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real s3proxy (in-memory blob store, AWS v2/v4 signatures) in its own JVM on a free loopback
 * port. Its jars are copied to target/s3proxy-lib by the lake's build; it runs apart from the test
 * JVM because it brings Jetty 11, which cannot share a classpath with the server's Jetty 12.
 */
final class S3Proxy implements AutoCloseable {
    static final String ACCESS_KEY = "trustlake-test-access";
    static final String SECRET_KEY = "trustlake-test-secret-0123456789";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI endpoint;

    private S3Proxy(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3Proxy start(Path workDirectory) throws IOException, InterruptedException {
        String lib = System.getProperty("trustlake.s3proxy.lib", "target/s3proxy-lib");
        Path libDirectory = Paths.get(lib).toAbsolutePath();
        if (!Files.isDirectory(libDirectory)) {
            throw new IllegalStateException("s3proxy is not prepared in " + libDirectory
                    + "; the lake module's build copies it there before its tests run");
        }
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Files.createDirectories(workDirectory);
        Path properties = workDirectory.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=transient",
                        "jclouds.identity=unused",
                        "jclouds.credential=unused",
                        ""));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx384m",
                        "-cp",
                        libDirectory + "/*",
                        "org.gaul.s3proxy.Main",
                        "--properties",
                        properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve("s3proxy.log").toFile())
                .start();
        S3Proxy proxy = new S3Proxy(process, endpoint);
        try {
            proxy.awaitAnswer(workDirectory.resolve("s3proxy.log"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Kills the proxy at once and waits for it to be gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited at start:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) endpoint.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status > 0) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("s3proxy did not answer within " + START_TIMEOUT);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
