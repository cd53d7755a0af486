package io.trustlake.contracts.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.ConsortiumContracts;
import io.trustlake.contracts.membership.IdentityProviderRegistration.DepartmentMapping;
import io.trustlake.contracts.membership.IdentityProviderRegistration.RoleMapping;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.ledger.gateway.Submission;
import io.trustlake.ledger.solo.SoloConfig;
import io.trustlake.ledger.solo.SoloOrderer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class IdentityProvidersContractTest {
    static final Ed25519.KeyPair ES_KEY = Ed25519.generate();
    static final Ed25519.KeyPair NL_KEY = Ed25519.generate();
    static final Submitter ES_ADMIN = new Submitter("hosp-es:admin", "hosp-es", "ADMIN", "", List.of());
    static final Submitter NL_ADMIN = new Submitter("hosp-nl:admin", "hosp-nl", "ADMIN", "", List.of());
    static final Submitter ES_DOCTOR = new Submitter("hosp-es:dr", "hosp-es", "PROFESSIONAL", "", List.of());
    static final String ISSUER = "https://login.hosp-es.example/realms/staff";

    @TempDir
    Path dir;

    SoloOrderer orderer;
    Peer peer;
    Gateway spain;
    Gateway netherlands;

    @BeforeEach
    void start() throws InterruptedException {
        Transaction genesis = Transaction.sign(
                MembershipContract.GENESIS,
                Json.encodeToString(new Genesis("test", List.of(member("hosp-es", ES_KEY), member("hosp-nl", NL_KEY)))),
                Submitter.node("hosp-es"),
                Instant.now(),
                "genesis",
                ES_KEY);
        orderer = SoloOrderer.open(SoloConfig.of(dir.resolve("orderer"), Clock.systemUTC()), List.of(genesis));
        peer = Peer.open(PeerConfig.of(dir.resolve("peer"), ConsortiumContracts.all(), new MembershipKeys()));
        spain = Gateway.connect(
                peer, orderer, new NodeIdentity("hosp-es", ES_KEY), Clock.systemUTC(), Duration.ofSeconds(10));
        netherlands = Gateway.connect(
                peer, orderer, new NodeIdentity("hosp-nl", NL_KEY), Clock.systemUTC(), Duration.ofSeconds(10));
        orderer.deliver(0, peer::commit);
        assertThat(peer.awaitHeight(1, Duration.ofSeconds(10))).isTrue();
    }

    private static Organisation member(String id, Ed25519.KeyPair key) {
        return new Organisation(
                id,
                id,
                "ES",
                Organisation.Kind.HOSPITAL,
                Hex.encode(key.publicKey()),
                "http://127.0.0.1:1",
                List.of(new Organisation.TokenKey(id + "-1", Hex.encode(key.publicKey()))),
                List.of(new Organisation.Department(id + ":cardiology", "Cardiology")));
    }

    @AfterEach
    void stop() {
        orderer.close();
        peer.close();
    }

    static IdentityProviderRegistration registration(String organisation, String issuer, String audience) {
        return new IdentityProviderRegistration(
                organisation,
                issuer,
                audience,
                "",
                "",
                "",
                List.of(new RoleMapping("realm-role:doctor", "PROFESSIONAL")),
                List.of(new DepartmentMapping("group:/cardiology", organisation + ":cardiology")));
    }

    private static String refusal(Submission submission) {
        assertThat(submission).isInstanceOf(Submission.Refused.class);
        return ((Submission.Refused) submission).code();
    }

    @Test
    void adminRegistersAndEveryReplicaFindsTheProviderByIssuer() {
        Submission submission = spain.submit(
                IdentityProvidersContract.REGISTER, registration("hosp-es", ISSUER, "trustlake-hosp-es"), ES_ADMIN);

        assertThat(submission).isInstanceOf(Submission.Committed.class);
        assertThat(IdentityProvidersContract.byIssuer(peer.state(), ISSUER))
                .hasValueSatisfying(r -> assertThat(r.organisation()).isEqualTo("hosp-es"));
        assertThat(IdentityProvidersContract.byIssuer(peer.state(), ISSUER + "/"))
                .isEmpty();
    }

    @Test
    void replacingTheProviderForgetsTheOldIssuerAndRemovalForgetsTheNew() {
        spain.submit(IdentityProvidersContract.REGISTER, registration("hosp-es", ISSUER, "a"), ES_ADMIN);
        String next = "https://sso.hosp-es.example/realms/all";
        spain.submit(IdentityProvidersContract.REGISTER, registration("hosp-es", next, "a"), ES_ADMIN);

        assertThat(IdentityProvidersContract.byIssuer(peer.state(), ISSUER)).isEmpty();
        assertThat(IdentityProvidersContract.byIssuer(peer.state(), next)).isPresent();
        assertThat(spain.submit(
                        IdentityProvidersContract.REMOVE, new IdentityProvidersContract.Removal("hosp-es"), ES_ADMIN))
                .isInstanceOf(Submission.Committed.class);
        assertThat(IdentityProvidersContract.byIssuer(peer.state(), next)).isEmpty();
        assertThat(IdentityProvidersContract.byOrganisation(peer.state(), "hosp-es"))
                .isEmpty();
    }

    @Test
    void onlyAnAdminOfTheOrganisationRegistersItsProvider() {
        assertThat(refusal(spain.submit(
                        IdentityProvidersContract.REGISTER, registration("hosp-es", ISSUER, "a"), ES_DOCTOR)))
                .isEqualTo("NOT_ADMIN");
        assertThat(refusal(netherlands.submit(
                        IdentityProvidersContract.REGISTER, registration("hosp-es", ISSUER, "a"), NL_ADMIN)))
                .isEqualTo("NOT_ADMIN");
    }

    @Test
    void oneIssuerBelongsToOneOrganisation() {
        spain.submit(IdentityProvidersContract.REGISTER, registration("hosp-es", ISSUER, "a"), ES_ADMIN);

        assertThat(refusal(netherlands.submit(
                        IdentityProvidersContract.REGISTER, registration("hosp-nl", ISSUER, "b"), NL_ADMIN)))
                .isEqualTo("ISSUER_TAKEN");
    }

    @Test
    void accountAudiencePlainHttpUnknownRolesAndForeignDepartmentsAreRefused() {
        List<IdentityProviderRegistration> bad = List.of(
                registration("hosp-es", ISSUER, "account"),
                registration("hosp-es", "http://login.hosp-es.example/realms/staff", "a"),
                registration("hosp-es", ISSUER + "/", "a"),
                registration("hosp-es", ISSUER + "?x=1", "a"),
                new IdentityProviderRegistration(
                        "hosp-es",
                        ISSUER,
                        "a",
                        "",
                        "",
                        "",
                        List.of(new RoleMapping("realm-role:x", "ROOT")),
                        List.of()),
                new IdentityProviderRegistration(
                        "hosp-es", ISSUER, "a", "", "", "", List.of(new RoleMapping("team:x", "ADMIN")), List.of()),
                new IdentityProviderRegistration("hosp-es", ISSUER, "a", "", "", "", List.of(), List.of()),
                new IdentityProviderRegistration(
                        "hosp-es",
                        ISSUER,
                        "a",
                        "",
                        "",
                        "",
                        List.of(new RoleMapping("realm-role:doctor", "PROFESSIONAL")),
                        List.of(new DepartmentMapping("group:/c", "hosp-nl:cardiology"))));

        for (IdentityProviderRegistration registration : bad) {
            assertThat(refusal(spain.submit(IdentityProvidersContract.REGISTER, registration, ES_ADMIN)))
                    .as(registration.toString())
                    .isEqualTo("INVALID_IDENTITY_PROVIDER");
        }
        assertThat(IdentityProvidersContract.byOrganisation(peer.state(), "hosp-es"))
                .isEmpty();
    }
}
