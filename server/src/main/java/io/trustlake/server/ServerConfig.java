package io.trustlake.server;

import java.time.Duration;
import java.util.Map;

/**
 * How a node serves HTTP. Defaults: bind 127.0.0.1, 1 MiB request bodies, assembled records kept
 * for 15 minutes, node-to-node calls time out after 10 seconds.
 *
 * @param host interface to bind ({@code host} in config)
 * @param port TCP port, 0 for any free port ({@code port})
 * @param maxRequestBytes largest accepted request body ({@code max-request-bytes})
 * @param deliveryTtl how long an assembled record waits to be fetched ({@code delivery-ttl})
 * @param remoteTimeout limit for one call to another organisation's node ({@code remote-timeout})
 * @param peerEndpoints base URLs of other organisations' nodes that override the ledger's
 *     membership entry ({@code peer-endpoints}); empty means use the ledger's
 */
public record ServerConfig(
        String host,
        int port,
        long maxRequestBytes,
        Duration deliveryTtl,
        Duration remoteTimeout,
        Map<String, String> peerEndpoints) {
    public ServerConfig {
        peerEndpoints = Map.copyOf(peerEndpoints);
    }

    public static ServerConfig defaults(int port) {
        return new ServerConfig(
                "127.0.0.1", port, 1024 * 1024, Duration.ofMinutes(15), Duration.ofSeconds(10), Map.of());
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxRequestBytes, deliveryTtl, remoteTimeout, peerEndpoints);
    }

    public ServerConfig withPeerEndpoints(Map<String, String> endpoints) {
        return new ServerConfig(host, port, maxRequestBytes, deliveryTtl, remoteTimeout, endpoints);
    }

    /** The base URL to call an organisation's node at. */
    public String endpointOf(String organisationId, String fromLedger) {
        return peerEndpoints.getOrDefault(organisationId, fromLedger);
    }
}
