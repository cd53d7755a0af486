package io.trustlake.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.LakeConfig;
import io.trustlake.lake.TagMapping;
import io.trustlake.ledger.raft.RaftMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One organisation's node as {@code trustlake init} writes it and {@code trustlake node} reads it
 * (kebab-free JSON, one file per node). {@code host}/{@code port}: where its HTTP API and portal
 * listen; {@code raft}: every member's Raft peer, the same list on every node; {@code endpoints}:
 * every member's HTTP base URL; {@code raftListenPort} (optional, 0 = the port of its own Raft
 * address): where its Raft peer listens when others reach it through a forwarder. The node's keys and stores live under {@code nodes/<organisation>}
 * next to the file, with {@code genesis-transaction.json}. {@code lakeStorage} (optional): where the
 * lake's objects live, see {@link LakeStorage}; absent means the filesystem. {@code tagMapping}
 * (optional): the organisation's changes to the default tag mapping, as an object or as the name of a
 * JSON file (relative to this file's directory), see {@link TagMapping#defaultsWith}; absent means the
 * default mapping. {@code researchExtractTimeToLive} (optional, ISO-8601 such as {@code "PT24H"}):
 * how long research extracts are kept, one minute to 366 days; absent means 24 hours.
 */
public record NodeConfig(
        String consortium,
        String organisation,
        String host,
        int port,
        List<RaftMember> raft,
        Map<String, String> endpoints,
        int raftListenPort,
        @JsonInclude(JsonInclude.Include.NON_NULL) LakeStorage lakeStorage,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode tagMapping,
        @JsonInclude(JsonInclude.Include.NON_NULL) Duration researchExtractTimeToLive) {
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
                config.tagMappingOrDefault(file);
                Duration ttl = config.researchExtractTimeToLiveOrDefault();
                if (ttl.compareTo(Duration.ofMinutes(1)) < 0
                        || ttl.compareTo(LakeConfig.MAX_EXTRACT_TIME_TO_LIVE) > 0) {
                    throw new TrustlakeException(
                            ErrorCode.CONFIGURATION,
                            "researchExtractTimeToLive must be between one minute (PT1M) and 366 days (P366D)");
                }
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

    /** How long research extracts are kept: {@code researchExtractTimeToLive}, or 24 hours. */
    public Duration researchExtractTimeToLiveOrDefault() {
        return researchExtractTimeToLive == null ? LakeConfig.DEFAULT_EXTRACT_TIME_TO_LIVE : researchExtractTimeToLive;
    }

    /**
     * The lake's tag mapping: the default one changed by {@code tagMapping}. A bad mapping or an
     * unreadable mapping file is a {@link ErrorCode#CONFIGURATION} error naming the problem.
     *
     * @param file this configuration's file, against whose directory a mapping file name is resolved
     */
    public TagMapping tagMappingOrDefault(Path file) {
        if (tagMapping == null || tagMapping.isNull()) {
            return TagMapping.defaults();
        }
        if (!tagMapping.isTextual()) {
            return TagMapping.defaultsWith(Json.encode(tagMapping));
        }
        Path mappingFile = file.toAbsolutePath().getParent().resolve(tagMapping.asText());
        byte[] json;
        try {
            json = Files.readAllBytes(mappingFile);
        } catch (IOException e) {
            throw new TrustlakeException(
                    ErrorCode.CONFIGURATION, "tagMapping: cannot read the tag mapping file " + tagMapping.asText(), e);
        }
        try {
            return TagMapping.defaultsWith(json);
        } catch (TrustlakeException e) {
            throw new TrustlakeException(ErrorCode.CONFIGURATION, tagMapping.asText() + ": " + e.getMessage(), e);
        }
    }
}
