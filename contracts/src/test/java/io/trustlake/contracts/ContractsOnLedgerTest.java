package io.trustlake.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.common.crypto.Ed25519;
import io.trustlake.common.crypto.Hex;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.id.Ids;
import io.trustlake.contracts.access.AccessLogContract;
import io.trustlake.contracts.access.AccessLogEntry;
import io.trustlake.contracts.access.AccessRequest;
import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.data.DataRecord;
import io.trustlake.contracts.data.DataRecordsContract;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.MembershipKeys;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.provenance.ProvenanceContract;
import io.trustlake.contracts.provenance.ProvenanceContract.Notarisation;
import io.trustlake.contracts.provenance.ProvenanceContract.Stage;
import io.trustlake.contracts.provenance.ProvenanceContract.Step;
import io.trustlake.contracts.provenance.ProvenanceEntry;
import io.trustlake.contracts.requests.AccessRequestRecord;
import io.trustlake.contracts.requests.AccessRequestsContract;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.contracts.rules.RuleDraft;
import io.trustlake.ledger.core.Peer;
import io.trustlake.ledger.core.PeerConfig;
import io.trustlake.ledger.core.Submitter;
import io.trustlake.ledger.core.Transaction;
import io.trustlake.ledger.gateway.Gateway;
import io.trustlake.ledger.gateway.NodeIdentity;
import io.trustlake.ledger.gateway.Submission;
import io.trustlake.ledger.solo.SoloConfig;
import io.trustlake.ledger.solo.SoloOrderer;
import java.nio.charset.StandardCharsets;
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
class ContractsOnLedgerTest {
    static final Ed25519.KeyPair ES_KEY = Ed25519.generate();
    static final String PATIENT = Ids.newPatientId();
    static final Submitter MARIA = new Submitter("hosp-es:maria", "hosp-es", "PATIENT", PATIENT, List.of());
    static final Submitter DR =
            new Submitter("hosp-es:dr-garcia", "hosp-es", "PROFESSIONAL", "", List.of("hosp-es:cardiology"));

    @TempDir
    Path dir;

    SoloOrderer orderer;
    Peer peer;
    Gateway gateway;

    @BeforeEach
    void start() throws InterruptedException {
        Organisation es = new Organisation(
                "hosp-es",
                "Hospital ES",
                "ES",
                Organisation.Kind.HOSPITAL,
                Hex.encode(ES_KEY.publicKey()),
                "http://127.0.0.1:1",
                List.of(new Organisation.TokenKey("es-1", Hex.encode(ES_KEY.publicKey()))),
                List.of(new Organisation.Department("hosp-es:cardiology", "Cardiology")));
        Transaction genesis = Transaction.sign(
                MembershipContract.GENESIS,
                Json.encodeToString(new Genesis("test", List.of(es))),
                Submitter.node("hosp-es"),
                Instant.now(),
                "genesis",
                ES_KEY);
        orderer = SoloOrderer.open(SoloConfig.of(dir.resolve("orderer"), Clock.systemUTC()), List.of(genesis));
        peer = Peer.open(PeerConfig.of(dir.resolve("peer"), ConsortiumContracts.all(), new MembershipKeys()));
        gateway = Gateway.connect(
                peer, orderer, new NodeIdentity("hosp-es", ES_KEY), Clock.systemUTC(), Duration.ofSeconds(10));
        orderer.deliver(0, peer::commit);
        assertThat(peer.awaitHeight(1, Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void stop() {
        orderer.close();
        peer.close();
    }

    RuleDraft draft(Grantee grantee, Effect effect, String... tags) {
        return new RuleDraft(
                Ids.newRequestId(),
                PATIENT,
                grantee,
                List.of(tags),
                effect,
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600),
                List.of());
    }

    @Test
    void patientCreatesAndRevokesARuleAndEveryVersionIsKept() {
        RuleDraft draft = draft(new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:cardiology"), Effect.ALLOW, "allergies");
        assertThat(gateway.submit(AccessRulesContract.CREATE, draft, MARIA)).isInstanceOf(Submission.Committed.class);
        Submission revoked = gateway.submit(
                AccessRulesContract.REVOKE, new AccessRulesContract.Revoke(PATIENT, draft.ruleId()), MARIA);
        assertThat(revoked).isInstanceOf(Submission.Committed.class);
        assertThat(AccessRulesContract.rule(peer.state(), PATIENT, draft.ruleId())
                        .orElseThrow()
                        .status())
                .isEqualTo(Rule.Status.REVOKED);
        assertThat(AccessRulesContract.history(peer.state(), PATIENT, draft.ruleId()))
                .extracting(Rule::version)
                .containsExactly(1, 2);
    }

    @Test
    void onlyThePatientCanCreateTheirRules() {
        RuleDraft draft = draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies");
        Submission submission = gateway.submit(AccessRulesContract.CREATE, draft, DR);
        assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, r -> assertThat(r.code())
                .isEqualTo("NOT_OWNER"));
    }

    @Test
    void ruleForUnknownDepartmentIsRefused() {
        RuleDraft draft = draft(new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:nowhere"), Effect.ALLOW, "allergies");
        assertThat(gateway.submit(AccessRulesContract.CREATE, draft, MARIA))
                .isInstanceOfSatisfying(
                        Submission.Refused.class, r -> assertThat(r.code()).isEqualTo("UNKNOWN_GRANTEE"));
    }

    @Test
    void refusedAccessIsLoggedWithItsDecision() {
        AccessRequest request = new AccessRequest(Ids.newRequestId(), PATIENT, List.of("allergies"), "TREAT");
        Submission submission = gateway.submit(AccessLogContract.RECORD, request, DR);
        assertThat(submission).isInstanceOf(Submission.Committed.class);
        List<AccessLogEntry> log = AccessLogContract.entries(peer.state(), PATIENT);
        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.decision().outcome()).isEqualTo(Decision.Outcome.DENIED);
            assertThat(entry.requester().userId()).isEqualTo("hosp-es:dr-garcia");
            assertThat(entry.logIndex())
                    .isEqualTo(((Submission.Committed) submission).receipt().logIndex());
        });
    }

    @Test
    void grantedAccessFollowsTheRulesInForceAtTheTransactionTime() {
        gateway.submit(
                AccessRulesContract.CREATE,
                draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies", "conditions"),
                MARIA);
        gateway.submit(
                AccessRulesContract.CREATE,
                draft(new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:cardiology"), Effect.DENY, "conditions"),
                MARIA);
        AccessRequest request = new AccessRequest(Ids.newRequestId(), PATIENT, List.of(), "TREAT");
        Submission.Committed committed = (Submission.Committed) gateway.submit(AccessLogContract.RECORD, request, DR);
        AccessLogEntry entry =
                Json.decode(committed.receipt().result().getBytes(StandardCharsets.UTF_8), AccessLogEntry.class);
        assertThat(entry.decision().released()).containsExactly("allergies");
        assertThat(entry.decision().withheld()).containsEntry("conditions", Decision.Withheld.DENIED_BY_RULE);
        assertThat(gateway.submit(AccessLogContract.RECORD, request, DR))
                .isInstanceOfSatisfying(
                        Submission.Refused.class, r -> assertThat(r.code()).isEqualTo("DUPLICATE_REQUEST"));
    }

    static final Submitter ADMIN = new Submitter("hosp-es:admin", "hosp-es", "ADMIN", "", List.of());
    static final Submitter SON = new Submitter("hosp-es:son", "hosp-es", "PATIENT", Ids.newPatientId(), List.of());

    private static <T> T result(Submission submission, Class<T> type) {
        assertThat(submission).isInstanceOf(Submission.Committed.class);
        return Json.decode(
                ((Submission.Committed) submission).receipt().result().getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void emergencyAccessNeedsAJustificationIsLoggedAsOverrideAndIsReviewedByTheAdmin() {
        AccessRequest unjustified = new AccessRequest(Ids.newRequestId(), PATIENT, List.of(), "ETREAT", " ");
        assertThat(gateway.submit(AccessLogContract.RECORD, unjustified, DR))
                .isInstanceOfSatisfying(
                        Submission.Refused.class, r -> assertThat(r.code()).isEqualTo("JUSTIFICATION_REQUIRED"));
        AccessRequest emergency =
                new AccessRequest(Ids.newRequestId(), PATIENT, List.of(), "ETREAT", "unconscious in A&E");
        AccessLogEntry entry = result(gateway.submit(AccessLogContract.RECORD, emergency, DR), AccessLogEntry.class);
        assertThat(entry.emergencyOverride()).isTrue();
        assertThat(entry.decision().overridden())
                .containsExactlyElementsOf(io.trustlake.contracts.membership.ConsortiumSettings.DEFAULT_EMERGENCY_TAGS);
        assertThat(AccessLogContract.overrides(peer.state(), "hosp-es"))
                .singleElement()
                .satisfies(o -> assertThat(o.reviewed()).isFalse());
        AccessLogContract.Review review = new AccessLogContract.Review("hosp-es", entry.logIndex(), "justified");
        assertThat(gateway.submit(AccessLogContract.REVIEW, review, DR)).isInstanceOf(Submission.Refused.class);
        assertThat(gateway.submit(AccessLogContract.REVIEW, review, ADMIN)).isInstanceOf(Submission.Committed.class);
        assertThat(AccessLogContract.overrides(peer.state(), "hosp-es").get(0).reviewedBy())
                .isEqualTo("hosp-es:admin");
    }

    @Test
    void aDelegateManagesRulesButOnlyThePatientNamesDelegates() {
        RuleDraft draft = draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies");
        assertThat(gateway.submit(AccessRulesContract.CREATE, draft, SON)).isInstanceOf(Submission.Refused.class);
        AccessRulesContract.Delegate delegate = new AccessRulesContract.Delegate(PATIENT, SON.userId());
        assertThat(gateway.submit(AccessRulesContract.ADD_DELEGATE, delegate, SON))
                .isInstanceOf(Submission.Refused.class);
        assertThat(gateway.submit(AccessRulesContract.ADD_DELEGATE, delegate, MARIA))
                .isInstanceOf(Submission.Committed.class);
        assertThat(gateway.submit(AccessRulesContract.CREATE, draft, SON)).isInstanceOf(Submission.Committed.class);
        assertThat(gateway.submit(AccessRulesContract.REMOVE_DELEGATE, delegate, MARIA))
                .isInstanceOf(Submission.Committed.class);
        assertThat(gateway.submit(
                        AccessRulesContract.REVOKE, new AccessRulesContract.Revoke(PATIENT, draft.ruleId()), SON))
                .isInstanceOf(Submission.Refused.class);
        assertThat(gateway.submit(
                        AccessRulesContract.CREATE,
                        draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies"),
                        ADMIN))
                .isInstanceOf(Submission.Refused.class);
    }

    @Test
    void changeAndRestoreAreNewVersionsNeverRewrites() {
        RuleDraft draft = draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies");
        gateway.submit(AccessRulesContract.CREATE, draft, MARIA);
        RuleDraft changed = new RuleDraft(
                draft.ruleId(),
                PATIENT,
                draft.grantee(),
                List.of("allergies", "conditions"),
                Effect.ALLOW,
                draft.validFrom(),
                draft.validUntil(),
                List.of());
        assertThat(result(gateway.submit(AccessRulesContract.UPDATE, changed, MARIA), Rule.class)
                        .version())
                .isEqualTo(2);
        gateway.submit(AccessRulesContract.REVOKE, new AccessRulesContract.Revoke(PATIENT, draft.ruleId()), MARIA);
        Rule restored = result(
                gateway.submit(
                        AccessRulesContract.RESTORE,
                        new AccessRulesContract.Restore(PATIENT, draft.ruleId(), 1),
                        MARIA),
                Rule.class);
        assertThat(restored.version()).isEqualTo(4);
        assertThat(restored.status()).isEqualTo(Rule.Status.ACTIVE);
        assertThat(restored.tags()).containsExactly("allergies");
        assertThat(AccessRulesContract.history(peer.state(), PATIENT, draft.ruleId()))
                .extracting(Rule::version)
                .containsExactly(1, 2, 3, 4);
        assertThat(gateway.submit(
                        AccessRulesContract.RESTORE,
                        new AccessRulesContract.Restore(PATIENT, draft.ruleId(), 9),
                        MARIA))
                .isInstanceOfSatisfying(
                        Submission.Refused.class, r -> assertThat(r.code()).isEqualTo("UNKNOWN_VERSION"));
    }

    @Test
    void approvedAccessRequestCreatesTheRuleAndARejectedOneGrantsNothing() {
        AccessRequestsContract.Ask ask = new AccessRequestsContract.Ask(
                Ids.newRequestId(),
                PATIENT,
                List.of("allergies"),
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600),
                "follow-up visit");
        assertThat(gateway.submit(AccessRequestsContract.CREATE, ask, MARIA)).isInstanceOf(Submission.Refused.class);
        assertThat(gateway.submit(AccessRequestsContract.CREATE, ask, DR)).isInstanceOf(Submission.Committed.class);
        assertThat(AccessRequestsContract.forPatient(peer.state(), PATIENT))
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(AccessRequestRecord.Status.PENDING));
        String ruleId = Ids.newRequestId();
        AccessRequestsContract.Answer approve =
                new AccessRequestsContract.Answer(PATIENT, ask.requestId(), true, ruleId);
        assertThat(gateway.submit(AccessRequestsContract.DECIDE, approve, DR)).isInstanceOf(Submission.Refused.class);
        assertThat(result(gateway.submit(AccessRequestsContract.DECIDE, approve, MARIA), AccessRequestRecord.class)
                        .ruleId())
                .isEqualTo(ruleId);
        AccessLogEntry access = result(
                gateway.submit(
                        AccessLogContract.RECORD,
                        new AccessRequest(Ids.newRequestId(), PATIENT, List.of("allergies"), "TREAT"),
                        DR),
                AccessLogEntry.class);
        assertThat(access.decision().released()).containsExactly("allergies");
        assertThat(gateway.submit(AccessRequestsContract.DECIDE, approve, MARIA))
                .isInstanceOfSatisfying(
                        Submission.Refused.class, r -> assertThat(r.code()).isEqualTo("ALREADY_DECIDED"));

        AccessRequestsContract.Ask second = new AccessRequestsContract.Ask(
                Ids.newRequestId(),
                PATIENT,
                List.of("billing"),
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600),
                "");
        gateway.submit(AccessRequestsContract.CREATE, second, DR);
        gateway.submit(
                AccessRequestsContract.DECIDE,
                new AccessRequestsContract.Answer(PATIENT, second.requestId(), false, ""),
                MARIA);
        assertThat(AccessRequestsContract.request(peer.state(), PATIENT, second.requestId())
                        .orElseThrow()
                        .status())
                .isEqualTo(AccessRequestRecord.Status.REJECTED);
    }

    @Test
    void onlyTheHoldingNodeRegistersItsDataRecord() {
        DataRecord record = new DataRecord(PATIENT, "hosp-es", "ab", 3, List.of("allergies"), "lake", Instant.now());
        assertThat(gateway.submit(DataRecordsContract.REGISTER, record, DR)).isInstanceOf(Submission.Refused.class);
        assertThat(gateway.submit(DataRecordsContract.REGISTER, record, Submitter.node("hosp-es")))
                .isInstanceOf(Submission.Committed.class);
        assertThat(DataRecordsContract.holders(peer.state(), PATIENT))
                .extracting(DataRecord::organisation)
                .containsExactly("hosp-es");
    }

    static final String H1 = "a".repeat(64);
    static final String H2 = "b".repeat(64);
    static final String H3 = "c".repeat(64);

    private String grantedRequest() {
        gateway.submit(
                AccessRulesContract.CREATE,
                draft(new Grantee(Grantee.Type.ORGANISATION, "hosp-es"), Effect.ALLOW, "allergies"),
                MARIA);
        gateway.submit(
                DataRecordsContract.REGISTER,
                new DataRecord(PATIENT, "hosp-es", H1, 3, List.of("allergies"), "lake", Instant.now()),
                Submitter.node("hosp-es"));
        AccessRequest request = new AccessRequest(Ids.newRequestId(), PATIENT, List.of("allergies"), "TREAT");
        AccessLogEntry entry = result(gateway.submit(AccessLogContract.RECORD, request, DR), AccessLogEntry.class);
        assertThat(entry.decision().outcome()).isEqualTo(Decision.Outcome.GRANTED);
        return request.requestId();
    }

    private String refusal(Object notarisation, Submitter submitter) {
        Submission submission = gateway.submit(ProvenanceContract.RECORD, notarisation, submitter);
        assertThat(submission).isInstanceOf(Submission.Refused.class);
        return ((Submission.Refused) submission).code();
    }

    @Test
    void theStagesOfAGrantedRequestAreNotarisedInOrderByTheNodeThatRanThem() {
        String requestId = grantedRequest();
        Notarisation atRequest = new Notarisation(
                requestId,
                "hosp-es",
                List.of(
                        new Step(Stage.SELECT, List.of(H1), H2),
                        new Step(Stage.ASSEMBLE, List.of(H2), H3),
                        new Step(Stage.CONSUMER, List.of(H3), H1)));
        assertThat(gateway.submit(ProvenanceContract.RECORD, atRequest, Submitter.node("hosp-es")))
                .isInstanceOf(Submission.Committed.class);
        Notarisation delivered =
                new Notarisation(requestId, "hosp-es", List.of(new Step(Stage.DELIVER, List.of(H1), H3)));
        assertThat(gateway.submit(ProvenanceContract.RECORD, delivered, Submitter.node("hosp-es")))
                .isInstanceOf(Submission.Committed.class);
        assertThat(ProvenanceContract.entries(peer.state(), requestId))
                .extracting(ProvenanceEntry::stage, ProvenanceEntry::organisation, ProvenanceEntry::outputHash)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Stage.SELECT, "hosp-es", H2),
                        org.assertj.core.groups.Tuple.tuple(Stage.ASSEMBLE, "hosp-es", H3),
                        org.assertj.core.groups.Tuple.tuple(Stage.CONSUMER, "hosp-es", H1),
                        org.assertj.core.groups.Tuple.tuple(Stage.DELIVER, "hosp-es", H3));
        assertThat(refusal(delivered, Submitter.node("hosp-es"))).isEqualTo("DUPLICATE_STAGE");
    }

    @Test
    void provenanceIsRefusedWithAPreciseCode() {
        String requestId = grantedRequest();
        Submitter node = Submitter.node("hosp-es");
        Step select = new Step(Stage.SELECT, List.of(H1), H2);
        assertThat(refusal(new Notarisation(Ids.newRequestId(), "hosp-es", List.of(select)), node))
                .isEqualTo("UNKNOWN_REQUEST");
        assertThat(refusal(new Notarisation(requestId, "hosp-es", List.of(select)), DR))
                .isEqualTo("NOT_STAGE_RUNNER");
        assertThat(refusal(new Notarisation(requestId, "hosp-nl", List.of(select)), node))
                .isEqualTo("NOT_STAGE_RUNNER");
        assertThat(refusal(
                        new Notarisation(requestId, "hosp-es", List.of(new Step(Stage.SELECT, List.of(H1), "ABC"))),
                        node))
                .isEqualTo("INVALID_PROVENANCE");
        assertThat(refusal(
                        new Notarisation(requestId, "hosp-es", List.of(new Step(Stage.SELECT, List.of(), H2))), node))
                .isEqualTo("INVALID_PROVENANCE");
        assertThat(refusal(new Notarisation(requestId, "hosp-es", List.of(new Step(null, List.of(H1), H2))), node))
                .isEqualTo("INVALID_PROVENANCE");
        assertThat(refusal(
                        java.util.Map.of(
                                "requestId",
                                requestId,
                                "organisation",
                                "hosp-es",
                                "steps",
                                List.of(java.util.Map.of(
                                        "stage", "SHIP", "inputHashes", List.of(H1), "outputHash", H2))),
                        node))
                .isEqualTo("MALFORMED_PAYLOAD");
        assertThat(refusal(
                        new Notarisation(requestId, "hosp-es", List.of(new Step(Stage.CONSUMER, List.of(H1), H2))),
                        node))
                .isEqualTo("OUT_OF_ORDER");
        assertThat(ProvenanceContract.entries(peer.state(), requestId)).isEmpty();

        AccessRequest denied = new AccessRequest(Ids.newRequestId(), PATIENT, List.of("conditions"), "TREAT");
        gateway.submit(AccessLogContract.RECORD, denied, DR);
        assertThat(refusal(new Notarisation(denied.requestId(), "hosp-es", List.of(select)), node))
                .isEqualTo("NOT_GRANTED");
    }
}
