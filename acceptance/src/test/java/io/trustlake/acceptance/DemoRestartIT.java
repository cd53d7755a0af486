package io.trustlake.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.cli.Demo;
import io.trustlake.cli.DemoAccounts.DemoAccount;
import io.trustlake.cli.DemoOptions;
import io.trustlake.cli.Main;
import io.trustlake.cli.Progress;
import io.trustlake.ledger.store.LedgerStore;
import io.trustlake.testkit.ApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustlake demo --data DIR} restarted on the same directory reuses everything, and {@code
 * trustlake verify} checks the stored ledgers offline and names a tampered block.
 */
@Timeout(600)
class DemoRestartIT {
    @TempDir
    Path data;

    @Test
    void restartReusesStateAndVerifyCatchesTampering() throws IOException {
        copySyntheaCache();
        StringWriter firstOutput = new StringWriter();
        DemoOptions options = TestConsortium.options(data);
        String ruleId;
        List<DemoAccount> accounts;
        String manifest;
        try (Demo.Running first = Demo.start(options, new Progress(new PrintWriter(firstOutput, true), false))) {
            accounts = first.accounts();
            DemoAccount patient = accounts.stream()
                    .filter(a -> a.role().equals("PATIENT"))
                    .findFirst()
                    .orElseThrow();
            ApiClient node = new ApiClient(first.endpoints().get(patient.organisation()));
            String token = node.login(patient.username(), patient.password());
            ruleId = node.post(
                            "/api/v1/patients/" + patient.patientId() + "/rules",
                            Map.of(
                                    "grantee",
                                    Map.of("type", "organisation", "id", "hosp-es"),
                                    "tags",
                                    List.of("allergies"),
                                    "effect",
                                    "allow",
                                    "validUntil",
                                    "2099-01-01T00:00:00Z"),
                            Optional.of(token))
                    .json()
                    .get("ruleId")
                    .asText();
            manifest = Files.readString(data.resolve("sources/manifest.json"));
        }
        assertThat(firstOutput.toString()).contains("reused the cached Synthea output");

        StringWriter secondOutput = new StringWriter();
        try (Demo.Running second = Demo.start(options, new Progress(new PrintWriter(secondOutput, true), false))) {
            assertThat(second.accounts()).isEqualTo(accounts);
            assertThat(Files.readString(data.resolve("sources/manifest.json"))).isEqualTo(manifest);
            DemoAccount patient = accounts.stream()
                    .filter(a -> a.role().equals("PATIENT"))
                    .findFirst()
                    .orElseThrow();
            ApiClient node = new ApiClient(second.endpoints().get(patient.organisation()));
            String token = node.login(patient.username(), patient.password());
            assertThat(node.get("/api/v1/patients/" + patient.patientId() + "/rules", Optional.of(token))
                            .json()
                            .get("rules")
                            .findValuesAsText("ruleId"))
                    .contains(ruleId);
        }
        assertThat(secondOutput.toString())
                .contains("Synthetic patients: reusing", "already ingested")
                .doesNotContain("Generating", "patient accounts");

        StringWriter clean = new StringWriter();
        assertThat(verify(clean)).as(clean.toString()).isZero();
        assertThat(clean.toString()).contains("state matches").doesNotContain("TAMPERED");
        tamperWithLastBlock(data.resolve("nodes/hosp-nl/ledger"));
        String tamperedKey = tamperWithState(data.resolve("nodes/hosp-es/ledger"));
        StringWriter report = new StringWriter();
        assertThat(verify(report)).isEqualTo(3);
        assertThat(report.toString())
                .containsPattern("hosp-nl +TAMPERED: first bad block \\d+")
                .containsPattern("hosp-es +TAMPERED: first bad block \\d+: state key "
                        + java.util.regex.Pattern.quote(tamperedKey))
                .doesNotContain("research-se  TAMPERED");
    }

    /** Flips one byte of a stored world-state value (a rule or registry entry) and returns its key. */
    private static String tamperWithState(Path ledger) {
        try (LedgerStore store = LedgerStore.open(ledger)) {
            var entry = store.scan("").entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("tx/") && e.getValue().length > 2)
                    .reduce((first, second) -> second)
                    .orElseThrow();
            byte[] value = entry.getValue().clone();
            value[value.length / 2] ^= 0x01;
            store.overwriteRawForTesting("s:" + entry.getKey(), value);
            return entry.getKey();
        }
    }

    private int verify(StringWriter out) {
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute("verify", "--data", data.toString());
    }

    private static void tamperWithLastBlock(Path ledger) {
        try (LedgerStore store = LedgerStore.open(ledger)) {
            long last = store.head().height() - 1;
            String block = new String(store.rawBlock(last).orElseThrow(), StandardCharsets.UTF_8);
            String tampered = block.replaceFirst("\"nonce\":\"[a-z2-9]", "\"nonce\":\"0");
            assertThat(tampered).isNotEqualTo(block);
            store.overwriteRawForTesting(LedgerStore.blockKey(last), tampered.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Seeds the data directory with the shared consortium's Synthea output, so Synthea is not run twice. */
    private void copySyntheaCache() throws IOException {
        Path source = TestConsortium.dataDirectory().resolve("synthea");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target =
                        data.resolve("synthea").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
