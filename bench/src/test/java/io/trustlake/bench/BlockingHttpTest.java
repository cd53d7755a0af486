package io.trustlake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BlockingHttpTest {
    @Test
    void keepsOneConnectionForManyRequestsToTheFloorResponder() throws IOException {
        try (FloorResponder floor = new FloorResponder();
                BlockingHttp client = new BlockingHttp(URI.create(floor.url()))) {
            byte[] request = BlockingHttp.request(URI.create(floor.url()), "GET", "/", "", "");
            for (int i = 0; i < 50; i++) {
                assertThat(client.send(request)).isEqualTo(200);
            }
        }
    }

    @Test
    void readsChunkedBodiesAndReconnectsWhenTheServerCloses() throws IOException {
        List<String> heads = new CopyOnWriteArrayList<>();
        String chunked = String.join(
                "\r\n",
                "HTTP/1.1 403 Forbidden",
                "Transfer-Encoding: chunked",
                "",
                "5",
                "hello",
                "3;ext=1",
                "abc",
                "0",
                "",
                "");
        String closing = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server, heads, List.of(chunked, closing), 2));
            serving.start();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort());
            try (BlockingHttp client = new BlockingHttp(uri)) {
                byte[] post = BlockingHttp.request(uri, "POST", "/x", "token-1", "{\"a\":1}");
                assertThat(client.send(post)).isEqualTo(403);
                assertThat(client.send(post)).isEqualTo(200);
                assertThat(client.send(post)).isEqualTo(403);
            }
        }
        assertThat(heads).hasSize(3);
        assertThat(heads.get(0))
                .startsWith("POST /x HTTP/1.1\r\n")
                .contains("Authorization: Bearer token-1\r\n", "Content-Length: 7\r\n");
    }

    @Test
    void refusesAnAnswerThatIsNotHttp() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serve(server, new CopyOnWriteArrayList<>(), List.of("SSH-2.0-x\r\n"), 1));
            serving.start();
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort());
            try (BlockingHttp client = new BlockingHttp(uri)) {
                assertThatThrownBy(() -> client.send(BlockingHttp.request(uri, "GET", "/", "", "")))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("not an HTTP/1.x status line");
            }
        }
    }

    /** Serves {@code connections} connections; on each, answers the responses in turn until one closes. */
    private static void serve(ServerSocket server, List<String> heads, List<String> responses, int connections) {
        int next = 0;
        for (int c = 0; c < connections; c++) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head.isEmpty()) {
                        break;
                    }
                    heads.add(head);
                    int length = contentLength(head);
                    in.readNBytes(length);
                    String response = responses.get(next++ % responses.size());
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (response.contains("Connection: close")) {
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return "";
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n", -1)) {
            if (line.startsWith("Content-Length: ")) {
                return Integer.parseInt(line.substring("Content-Length: ".length()));
            }
        }
        return 0;
    }
}
