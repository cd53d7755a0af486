package io.trustlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.ledger.core.Transaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
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

    @Test
    void foundsConsortiumWithSignedGenesisAndOneConfigurationPerNode() throws Exception {
        Path consortium = dir.resolve("c");
        int exit = run(
                "init",
                "--dir",
                consortium.toString(),
                "--consortium",
                "test",
                "--node",
                "hosp-a=127.0.0.1:8080:9080,hosp-b=127.0.0.1:8081:9081",
                "--node",
                "lab-c=127.0.0.1:8082:9082",
                "--research",
                "lab-c",
                "--sample-patients",
                "1");

        assertThat(exit).isZero();
        NodeConfig b = NodeConfig.read(consortium.resolve("hosp-b.json"));
        assertThat(Files.readString(consortium.resolve("hosp-b.json"))).doesNotContain("lakeStorage");
        assertThat(b.organisation()).isEqualTo("hosp-b");
        assertThat(b.raft())
                .extracting(m -> m.address())
                .containsExactly("127.0.0.1:9080", "127.0.0.1:9081", "127.0.0.1:9082");
        assertThat(b.endpoints()).containsEntry("lab-c", "http://127.0.0.1:8082");
        Genesis genesis = Json.decode(Files.readAllBytes(consortium.resolve("genesis.json")), Genesis.class);
        Transaction founding = GenesisFiles.read(consortium.resolve("genesis-transaction.json"));
        assertThat(founding.payload()).isEqualTo(Json.encodeToString(genesis));
        assertThat(founding.signatureValidFor(
                        Hex.decode(genesis.organisations().get(0).nodeKey())))
                .isTrue();
        assertThat(Files.readString(consortium.resolve("sample-accounts.json")))
                .contains("hosp-a", "hosp-b")
                .doesNotContain("lab-c");
    }

    @Test
    void refusesAnExistingDirectory() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");

        int exit = run("init", "--dir", dir.toString(), "--node", "hosp-a=127.0.0.1:8080:9080");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("already exists").doesNotContain("Exception");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void rejectsAMalformedNodeWithAPlainMessage() {
        int exit = run("init", "--dir", dir.resolve("c").toString(), "--node", "hosp-a=8080");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--node must look like hosp-es=127.0.0.1:8080:9080");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void nodeWithoutConfigurationSaysWhatIsMissing() {
        int exit = run("node", "--config", dir.resolve("nope.json").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no node configuration at").doesNotContain("Exception");
    }
}
