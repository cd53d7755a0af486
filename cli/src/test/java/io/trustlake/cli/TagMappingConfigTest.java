package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.CatalogEntry;
import io.trustlake.lake.FileSystemObjectStore;
import io.trustlake.lake.KeyEncryptionKey;
import io.trustlake.lake.Lake;
import io.trustlake.lake.LakeConfig;
import io.trustlake.lake.TagMapping;
import io.trustlake.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node configuration's {@code tagMapping}: {@code trustlake ingest} tags by the organisation's
 * mapping, and a bad mapping stops {@code node} and {@code ingest} before anything is opened.
 */
@Timeout(180)
class TagMappingConfigTest {
    private static final String OVERRIDES =
            "{\"tags\": [\"ent\"], \"types\": {\"Claim\": \"\", \"Immunization\": \"ent\"}}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private Path consortium(String tagMapping) throws IOException {
        Path consortium = dir.resolve("c");
        int ports = FreePorts.consecutive(2);
        int exit = run(
                "init",
                "--dir",
                consortium.toString(),
                "--consortium",
                "test",
                "--node",
                "hosp-a=127.0.0.1:" + ports + ":" + (ports + 1));
        assertThat(exit).as(err.toString()).isZero();
        Path node = consortium.resolve("hosp-a.json");
        String json = Files.readString(node).trim();
        Files.writeString(node, json.substring(0, json.length() - 1) + ", \"tagMapping\": " + tagMapping + "}");
        return node;
    }

    private Path bundles() throws IOException {
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        try (InputStream in = getClass().getResourceAsStream("/io/trustlake/lake/synthea-patient.json")) {
            Files.write(bundles.resolve("patient.json"), in.readAllBytes());
        }
        return bundles;
    }

    private Map<String, List<String>> catalogTags(Path node) {
        Path lakeRoot = node.getParent().resolve("nodes/hosp-a/lake");
        LakeConfig config = LakeConfig.of(lakeRoot, "hosp-a", KeyEncryptionKey.generate(), Clock.systemUTC());
        try (Lake lake =
                Lake.open(config, FileSystemObjectStore.open(config.objectsDirectory()), TagMapping.defaults())) {
            return lake.patients().stream()
                    .flatMap(patient -> lake.entries(patient).stream())
                    .collect(Collectors.toMap(CatalogEntry::resourceType, CatalogEntry::tags, (a, b) -> a));
        }
    }

    @Test
    void ingestTagsByTheMappingInTheNodeConfiguration() throws IOException {
        Path node = consortium(OVERRIDES);

        int exit = run(
                "ingest", "--config", node.toString(), "--bundles", bundles().toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(catalogTags(node))
                .containsEntry("Immunization", List.of("ent"))
                .containsEntry("Claim", List.of())
                .containsEntry("Patient", List.of("demographics"));
    }

    @Test
    void aMappingFileNamedInTheConfigurationIsReadFromItsDirectory() throws IOException {
        Path node = consortium("\"hosp-a-tags.json\"");
        Files.writeString(node.resolveSibling("hosp-a-tags.json"), OVERRIDES);

        int exit = run(
                "ingest", "--config", node.toString(), "--bundles", bundles().toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(catalogTags(node)).containsEntry("Immunization", List.of("ent"));
    }

    @Test
    void aNodeWithAnUnknownTagInItsMappingRefusesToStart() throws IOException {
        Path node = consortium("{\"types\": {\"Immunization\": \"vaccines\"}}");

        int exit = run("node", "--config", node.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("hosp-a.json: tagMapping.types.Immunization: unknown tag 'vaccines'")
                .doesNotContain("Exception");
        assertThat(node.getParent().resolve("nodes/hosp-a/ledger")).doesNotExist();
    }

    @Test
    void aMalformedMappingFileStopsIngestNamingTheFile() throws IOException {
        Path node = consortium("\"hosp-a-tags.json\"");
        Files.writeString(node.resolveSibling("hosp-a-tags.json"), "{\"types\": [\"Patient\"]}");

        int exit = run(
                "ingest", "--config", node.toString(), "--bundles", bundles().toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("hosp-a.json: hosp-a-tags.json: tagMapping.types: must be a JSON object");
        assertThat(Json.tree(Files.readAllBytes(node)).path("tagMapping").asText())
                .isEqualTo("hosp-a-tags.json");
    }

    @Test
    void aMissingMappingFileIsNamed() throws IOException {
        Path node = consortium("\"nowhere.json\"");

        int exit = run("node", "--config", node.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read the tag mapping file nowhere.json");
    }

    @Test
    void theDemoRefusesABadTagMappingFileOfANodeBeforeOpeningAnything() throws IOException {
        Path data = dir.resolve("demo");
        Path file = new DataLayout(data).tagMapping("hosp-nl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"sensitive\": [{\"tag\": \"genetics\", \"codes\": {\"http://loinc.org\": 5}}]}");

        assertThatThrownBy(() -> Consortium.open(ConsortiumConfig.of(data, FreePorts.consecutive(3))))
                .isInstanceOfSatisfying(TrustlakeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage())
                            .isEqualTo("nodes/hosp-nl/tag-mapping.json: tagMapping.sensitive[0].codes.http://loinc.org:"
                                    + " must be a list of codes");
                });
        assertThat(data.resolve("genesis.json")).doesNotExist();
    }
}
