package io.trustlake.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor of a request/response into the nodes' JVM: a thread per connection that reads an HTTP
 * request's head and answers a fixed two-byte response at once — no HTTP server, no routing, no
 * work. What a request to it costs is what this machine's loopback, scheduler and the JVM cost for
 * one round trip with the same client; anything a real endpoint costs is on top of it.
 */
final class FloorResponder implements Closeable {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Thread acceptor;

    FloorResponder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "floor-responder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The responder's base URL. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread connection = new Thread(() -> serve(socket), "floor-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            int newlines = 0;
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    newlines++;
                    if (newlines == 2) {
                        out.write(RESPONSE);
                        out.flush();
                        newlines = 0;
                    }
                } else if (c != '\r') {
                    newlines = 0;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
