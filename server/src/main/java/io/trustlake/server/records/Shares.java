package io.trustlake.server.records;

import io.trustlake.common.crypto.Hashes;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.lake.SourcePart;
import io.trustlake.lake.TaggedResource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One organisation's share of a record in the form it travels between nodes: {@code
 * {"organisation":…,"resources":[…]}}. Its SHA-256 is the output of that organisation's SELECT
 * stage and an input of the requester's ASSEMBLE stage, so the holder and the requester hash the
 * same bytes. The requester reads it with {@link SourcePart#parse}.
 */
public final class Shares {
    private Shares() {}

    /** A share with the hex SHA-256 of its wire form. */
    public record Share(SourcePart part, String sha256) {}

    public static byte[] body(String organisationId, List<TaggedResource> resources) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"organisation\":" + Json.encodeToString(organisationId) + ",\"resources\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(resources.get(i).json());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        return Hex.encode(Hashes.sha256(bytes));
    }
}
