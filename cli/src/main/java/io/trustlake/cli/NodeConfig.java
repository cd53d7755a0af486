package io.trustlake.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.ledger.raft.RaftMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One organisation's node as {@code trustlake init} writes it and {@code trustlake node} reads it
 * (kebab-free JSON, one file per node). {@code host}/{@code port}: where its HTTP API and portal
 * listen; {@code raft}: every member's Raft peer, the same list on every node; {@code endpoints}:
 * every member's HTTP base URL; {@code raftListenPort} (optional, 0 = the port of its own Raft
 * address): where its Raft peer listens when others reach it through a forwarder. The node's keys and stores live under {@code nodes/<organisation>}
 * next to the file, with {@code genesis-transaction.json}. {@code lakeStorage} (optional): where the
 * lake's objects live, see {@link LakeStorage}; absent means the filesystem.
 */
public record NodeConfig(
        String consortium,
        String organisation,
        String host,
        int port,
        List<RaftMember> raft,
        Map<String, String> endpoints,
        int raftListenPort,
        @JsonInclude(JsonInclude.Include.NON_NULL) LakeStorage lakeStorage) {
    public NodeConfig {
        raft = List.copyOf(raft);
        endpoints = Map.copyOf(endpoints);
    }

    /** The lake storage, the filesystem when the file names none. */
    public LakeStorage lakeStorageOrDefault() {
        return lakeStorage == null ? LakeStorage.filesystem() : lakeStorage;
    }

    /** Reads a node configuration file; a missing or malformed file is a plain-language error. */
    public static NodeConfig read(Path file) {
        try {
            NodeConfig config = Json.parseInput(Files.readAllBytes(file), NodeConfig.class);
            if (config.raft().stream().noneMatch(m -> m.id().equals(config.organisation()))) {
                throw new TrustlakeException(
                        ErrorCode.CONFIGURATION, file.getFileName() + ": the organisation is not a Raft member");
            }
            try {
                config.lakeStorageOrDefault().check();
            } catch (TrustlakeException e) {
                throw new TrustlakeException(ErrorCode.CONFIGURATION, file.getFileName() + ": " + e.getMessage(), e);
            }
            return config;
        } catch (NoSuchFileException e) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no node configuration at " + file, e);
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.CONFIGURATION, "cannot read " + file.getFileName(), e);
        } catch (IllegalArgumentException e) {
            throw new TrustlakeException(ErrorCode.CONFIGURATION, file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
