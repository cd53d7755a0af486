package io.trustlake.cli;

import io.trustlake.auth.AccountRegistration;
import io.trustlake.auth.AccountStore;
import io.trustlake.auth.AuthConfig;
import io.trustlake.auth.NewAccount;
import io.trustlake.auth.PasswordHasher;
import io.trustlake.auth.Role;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.ledger.raft.RaftMember;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustlake init}: founds a consortium. Creates every node's keys, the genesis (membership
 * with node addresses, node signing keys and token keys), the signed founding transaction, and one
 * configuration file per node for {@code trustlake node}.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Create the keys, genesis and node configurations of a new consortium.")
public final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "New directory for the consortium's files.")
    Path dir;

    @Option(
            names = "--consortium",
            description = "The consortium's name (default: ${DEFAULT-VALUE}).",
            defaultValue = "trustlake")
    String consortium;

    @Option(
            names = "--node",
            required = true,
            split = ",",
            paramLabel = "ORG=HOST:HTTP_PORT:RAFT_PORT",
            description = "A member organisation's node, e.g. hosp-es=127.0.0.1:8080:9080 (repeat or"
                    + " separate with commas).")
    List<String> nodes;

    @Option(
            names = "--research",
            split = ",",
            paramLabel = "ORG",
            description = "Members that are research organisations rather than hospitals.")
    Set<String> research = Set.of();

    @Option(
            names = "--sample-patients",
            description = "Patient accounts to create at each hospital, for trying the consortium"
                    + " (default: ${DEFAULT-VALUE}); their passwords go to sample-accounts.json.",
            defaultValue = "0")
    int samplePatients;

    /** A member as given on the command line. */
    record NodeSpec(String id, String host, int port, int raftPort) {}

    @Override
    public Integer call() {
        List<NodeSpec> specs = parse();
        if (Files.exists(dir)) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, dir + " already exists; init never overwrites");
        }
        Clock clock = Clock.systemUTC();
        DataLayout layout = new DataLayout(dir.toAbsolutePath());
        Map<String, NodeKeys> keys = new LinkedHashMap<>();
        specs.forEach(s -> keys.put(s.id(), NodeKeys.loadOrCreate(layout.keys(s.id()), s.id())));
        Genesis genesis = genesis(specs, keys);
        GenesisFiles.write(layout.genesis(), pretty(genesis));
        String founder = specs.get(0).id();
        GenesisFiles.foundingTransaction(
                layout.genesisTransaction(), genesis, founder, keys.get(founder).node(), clock);
        List<RaftMember> raft = specs.stream()
                .map(s -> new RaftMember(s.id(), s.host() + ":" + s.raftPort()))
                .toList();
        Map<String, String> endpoints = new LinkedHashMap<>();
        specs.forEach(s -> endpoints.put(s.id(), endpoint(s)));
        for (NodeSpec s : specs) {
            GenesisFiles.write(
                    dir.resolve(s.id() + ".json"),
                    pretty(new NodeConfig(
                            consortium, s.id(), s.host(), s.port(), raft, endpoints, 0, null, null, null)));
        }
        List<Map<String, String>> accounts = sampleAccounts(layout, specs, clock);
        report(specs, accounts);
        return 0;
    }

    private List<NodeSpec> parse() {
        List<NodeSpec> specs = new ArrayList<>();
        for (String node : nodes) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "([a-z0-9-]+)=([^:=\\s]+):(\\d{1,5}):(\\d{1,5})")
                    .matcher(node.trim());
            if (!m.matches() || !Ids.isOrganisationId(m.group(1))) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--node must look like hosp-es=127.0.0.1:8080:9080, not " + node);
            }
            specs.add(new NodeSpec(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        if (specs.stream().map(NodeSpec::id).distinct().count() != specs.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "each organisation may appear once");
        }
        if (samplePatients < 0 || samplePatients > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sample-patients must be 0-1000");
        }
        return specs;
    }

    private Genesis genesis(List<NodeSpec> specs, Map<String, NodeKeys> keys) {
        List<Organisation> organisations = new ArrayList<>();
        for (NodeSpec s : specs) {
            NodeKeys k = keys.get(s.id());
            organisations.add(new Organisation(
                    s.id(),
                    s.id(),
                    "",
                    research.contains(s.id()) ? Organisation.Kind.RESEARCH : Organisation.Kind.HOSPITAL,
                    Hex.encode(k.node().publicKey()),
                    endpoint(s),
                    List.of(new Organisation.TokenKey(
                            k.tokenKeyId(), Hex.encode(k.token().publicKey()))),
                    List.of()));
        }
        return new Genesis(consortium, organisations);
    }

    private List<Map<String, String>> sampleAccounts(DataLayout layout, List<NodeSpec> specs, Clock clock) {
        List<Map<String, String>> accounts = new ArrayList<>();
        PasswordHasher hasher = new PasswordHasher(AuthConfig.defaults().passwordHashing());
        for (NodeSpec s : specs) {
            if (research.contains(s.id()) || samplePatients == 0) {
                continue;
            }
            try (AccountStore store = AccountStore.open(layout.accounts(s.id()))) {
                AccountRegistration registration = new AccountRegistration(store, hasher, clock);
                for (int i = 1; i <= samplePatients; i++) {
                    String username = "patient" + i;
                    String password = "tl-" + Randomness.token(12);
                    String patientId = Ids.newPatientId();
                    registration.register(
                            NewAccount.patient(s.id(), username, "Sample patient " + i, patientId), password);
                    accounts.add(Map.of(
                            "organisation", s.id(),
                            "username", username,
                            "password", password,
                            "role", Role.PATIENT.name(),
                            "patientId", patientId));
                }
            }
        }
        if (!accounts.isEmpty()) {
            Path file = dir.resolve("sample-accounts.json");
            GenesisFiles.write(file, pretty(accounts));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot protect sample-accounts.json", e);
            }
        }
        return accounts;
    }

    private void report(List<NodeSpec> specs, List<Map<String, String>> accounts) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Consortium %s founded in %s with %d members.%n", consortium, dir, specs.size());
        for (NodeSpec s : specs) {
            out.printf("  trustlake node --config %s   (%s)%n", dir.resolve(s.id() + ".json"), endpoint(s));
        }
        if (!accounts.isEmpty()) {
            out.printf("Sample patient accounts: %s%n", dir.resolve("sample-accounts.json"));
        }
        out.println("Each node's keys are under nodes/<organisation>/keys; give every organisation only its own.");
        out.flush();
    }

    private static String endpoint(NodeSpec s) {
        return "http://" + s.host() + ":" + s.port();
    }

    private static byte[] pretty(Object value) {
        try {
            return Json.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot encode", e);
        }
    }
}
