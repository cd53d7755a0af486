package io.trustlake.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.access.Decision;
import io.trustlake.contracts.access.DecisionEngine;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
    static final String PATIENT = "p-abcdefghijkmnpqrstuvwxyz2";
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final Set<String> UNIVERSE = Set.copyOf(Tags.DEFAULT);
    static final Set<String> EMERGENCY = Set.of("allergies", "conditions", "medications");
    static final Requester DR_GARCIA =
            new Requester("hosp-es:dr-garcia", "PROFESSIONAL", "hosp-es", List.of("hosp-es:cardiology"), "");

    static Rule rule(
            String id, Grantee.Type type, String grantee, Effect effect, Instant from, Instant until, String... tags) {
        return new Rule(
                id,
                PATIENT,
                new Grantee(type, grantee),
                List.of(tags),
                effect,
                from,
                until,
                List.of(),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
    }

    static Rule allow(Grantee.Type type, String grantee, String... tags) {
        return rule(
                "r" + grantee.length() + tags.length,
                type,
                grantee,
                Effect.ALLOW,
                NOW.minusSeconds(3600),
                NOW.plusSeconds(3600),
                tags);
    }

    static Decision decide(List<Rule> rules, String... tags) {
        return decide(DR_GARCIA, "TREAT", rules, tags);
    }

    static Decision decide(Requester requester, String purpose, List<Rule> rules, String... tags) {
        return DecisionEngine.decide(
                new DecisionRequest(requester, PATIENT, Set.of(tags), purpose, NOW), rules, UNIVERSE, EMERGENCY);
    }

    @Test
    void denyRuleOverridesAllowForSameTag() {
        Rule allow = allow(Grantee.Type.DEPARTMENT, "hosp-es:cardiology", "conditions", "medications");
        Rule deny = rule(
                "d1",
                Grantee.Type.ORGANISATION,
                "hosp-es",
                Effect.DENY,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                "medications");
        Decision decision = decide(List.of(allow, deny), "conditions", "medications");
        assertThat(decision.released()).containsExactly("conditions");
        assertThat(decision.withheld()).containsEntry("medications", Decision.Withheld.DENIED_BY_RULE);
        assertThat(decision.rulesUsed()).hasSize(2);
    }

    @Test
    void denyOnlyTagIsNeverReleased() {
        Rule deny = rule(
                "d1",
                Grantee.Type.PROFESSIONAL,
                "hosp-es:dr-garcia",
                Effect.DENY,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                "billing");
        Decision decision = decide(List.of(deny), "billing");
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.DENIED);
        assertThat(decision.released()).isEmpty();
    }

    @Test
    void organisationWideGrantCoversItsDepartmentsAndProfessionals() {
        Decision decision = decide(List.of(allow(Grantee.Type.ORGANISATION, "hosp-es", "allergies")), "allergies");
        assertThat(decision.released()).containsExactly("allergies");
    }

    @Test
    void grantToAnotherDepartmentOrOrganisationDoesNotMatch() {
        Decision decision = decide(
                List.of(
                        allow(Grantee.Type.DEPARTMENT, "hosp-es:oncology", "allergies"),
                        allow(Grantee.Type.ORGANISATION, "hosp-nl", "allergies")),
                "allergies");
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.DENIED);
        assertThat(decision.withheld()).containsEntry("allergies", Decision.Withheld.NO_RULE);
    }

    @Test
    void expiredRuleCoversNothingAndValidityIsHalfOpen() {
        Rule expired = rule(
                "e1",
                Grantee.Type.ORGANISATION,
                "hosp-es",
                Effect.ALLOW,
                NOW.minusSeconds(7200),
                NOW.minusSeconds(3600),
                "allergies");
        Rule endsNow =
                rule("e2", Grantee.Type.ORGANISATION, "hosp-es", Effect.ALLOW, NOW.minusSeconds(60), NOW, "conditions");
        Rule startsNow =
                rule("e3", Grantee.Type.ORGANISATION, "hosp-es", Effect.ALLOW, NOW, NOW.plusSeconds(60), "medications");
        Decision decision = decide(List.of(expired, endsNow, startsNow), "allergies", "conditions", "medications");
        assertThat(decision.released()).containsExactly("medications");
    }

    @Test
    void revokedRuleCoversNothing() {
        Rule revoked = allow(Grantee.Type.ORGANISATION, "hosp-es", "allergies").revoked("u", NOW, 2);
        assertThat(decide(List.of(revoked), "allergies").released()).isEmpty();
    }

    @Test
    void purposeRestrictsARuleWhenPresent() {
        Rule research = new Rule(
                "p1",
                PATIENT,
                new Grantee(Grantee.Type.ORGANISATION, "hosp-es"),
                List.of("allergies"),
                Effect.ALLOW,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                List.of("HRESCH"),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
        assertThat(decide(List.of(research), "allergies").released()).isEmpty();
    }

    @Test
    void noTagsRequestedMeansEverythingAllowed() {
        Decision decision = decide(List.of(allow(Grantee.Type.ORGANISATION, "hosp-es", "allergies", "conditions")));
        assertThat(decision.released()).containsExactly("allergies", "conditions");
        assertThat(decision.withheld()).containsKey("billing");
    }

    @Test
    void patientAlwaysSeesTheirOwnRecordButNotAnothers() {
        Requester patient = new Requester("hosp-es:maria", "PATIENT", "hosp-es", List.of(), PATIENT);
        Rule orgWide = allow(Grantee.Type.ORGANISATION, "hosp-es", "allergies");
        assertThat(decide(patient, "PATRQT", List.of()).released()).containsExactlyInAnyOrderElementsOf(UNIVERSE);
        Requester other =
                new Requester("hosp-es:juan", "PATIENT", "hosp-es", List.of(), "p-zzzzzzzzzzzzzzzzzzzzzzzzzz");
        assertThat(decide(other, "TREAT", List.of(orgWide)).released()).isEmpty();
    }

    @Test
    void emergencyReleasesTheEmergencySetWithoutARuleAndSaysSo() {
        Decision decision = decide(DR_GARCIA, "ETREAT", List.of(), "allergies", "medications", "billing");
        assertThat(decision.released()).containsExactly("allergies", "medications");
        assertThat(decision.overridden()).containsExactly("allergies", "medications");
        assertThat(decision.emergencyOverride()).isTrue();
        assertThat(decision.withheld()).containsOnlyKeys("billing");
    }

    @Test
    void emergencyRespectsADenyThatNamesEmergenciesButNotAnOrdinaryDeny() {
        Rule ordinary = rule(
                "d1",
                Grantee.Type.ORGANISATION,
                "hosp-es",
                Effect.DENY,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                "allergies");
        Rule forEmergencies = new Rule(
                "d2",
                PATIENT,
                new Grantee(Grantee.Type.ORGANISATION, "hosp-es"),
                List.of("medications"),
                Effect.DENY,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60),
                List.of("ETREAT", "BTG"),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
        Decision decision = decide(DR_GARCIA, "BTG", List.of(ordinary, forEmergencies), "allergies", "medications");
        assertThat(decision.released()).containsExactly("allergies");
        assertThat(decision.withheld()).containsEntry("medications", Decision.Withheld.DENIED_BY_RULE);
    }

    @Test
    void emergencyIsOnlyForProfessionalsAndAnAllowedTagIsNoOverride() {
        Requester researcher = new Requester("research-se:dr.l", "RESEARCHER", "research-se", List.of(), "");
        assertThat(decide(researcher, "ETREAT", List.of(), "allergies").released())
                .isEmpty();
        Decision allowed = decide(
                DR_GARCIA, "ETREAT", List.of(allow(Grantee.Type.ORGANISATION, "hosp-es", "allergies")), "allergies");
        assertThat(allowed.released()).containsExactly("allergies");
        assertThat(allowed.emergencyOverride()).isFalse();
    }

    @Property(tries = 300)
    void decisionIsInvariantToRuleOrder(@ForAll("ruleSets") List<Rule> rules) {
        List<Rule> shuffled = new ArrayList<>(rules);
        Collections.reverse(shuffled);
        assertThat(decide(shuffled)).isEqualTo(decide(rules));
    }

    @Property(tries = 300)
    void addingADenyNeverReleasesMore(@ForAll("ruleSets") List<Rule> rules, @ForAll("rules") Rule extra) {
        Rule deny = new Rule(
                extra.ruleId() + "x",
                PATIENT,
                extra.grantee(),
                extra.tags(),
                Effect.DENY,
                extra.validFrom(),
                extra.validUntil(),
                List.of(),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
        List<Rule> more = new ArrayList<>(rules);
        more.add(deny);
        assertThat(decide(rules).released()).containsAll(decide(more).released());
    }

    @Property(tries = 300)
    void addingAnAllowNeverReleasesLess(@ForAll("ruleSets") List<Rule> rules, @ForAll("rules") Rule extra) {
        Rule allow = new Rule(
                extra.ruleId() + "y",
                PATIENT,
                extra.grantee(),
                extra.tags(),
                Effect.ALLOW,
                extra.validFrom(),
                extra.validUntil(),
                List.of(),
                1,
                Rule.Status.ACTIVE,
                "u",
                NOW,
                1);
        List<Rule> more = new ArrayList<>(rules);
        more.add(allow);
        assertThat(decide(more).released()).containsAll(decide(rules).released());
    }

    @Provide
    Arbitrary<List<Rule>> ruleSets() {
        return rules().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Rule> rules() {
        Arbitrary<Grantee> grantees = Arbitraries.of(
                new Grantee(Grantee.Type.PROFESSIONAL, "hosp-es:dr-garcia"),
                new Grantee(Grantee.Type.PROFESSIONAL, "hosp-es:dr-other"),
                new Grantee(Grantee.Type.DEPARTMENT, "hosp-es:cardiology"),
                new Grantee(Grantee.Type.ORGANISATION, "hosp-es"),
                new Grantee(Grantee.Type.ORGANISATION, "hosp-nl"));
        Arbitrary<List<String>> tags =
                Arbitraries.of(Tags.DEFAULT).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
        Arbitrary<Long> offsets = Arbitraries.longs().between(-7200, 7200);
        return Combinators.combine(
                        Arbitraries.strings().alpha().ofLength(6),
                        grantees,
                        tags,
                        Arbitraries.of(Effect.class),
                        offsets,
                        offsets)
                .as((id, grantee, t, effect, a, b) -> new Rule(
                        id,
                        PATIENT,
                        grantee,
                        t,
                        effect,
                        NOW.plusSeconds(Math.min(a, b)),
                        NOW.plusSeconds(Math.max(a, b) + 1),
                        List.of(),
                        1,
                        Rule.Status.ACTIVE,
                        "u",
                        NOW,
                        1));
    }
}
