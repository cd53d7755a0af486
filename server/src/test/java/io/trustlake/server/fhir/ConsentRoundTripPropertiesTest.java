package io.trustlake.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustlake.contracts.Tags;
import io.trustlake.contracts.rules.AccessRulesContract;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import io.trustlake.contracts.rules.RuleDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Consent;

/**
 * Export → import → export is stable for arbitrary rule sets, and every exported Consent is valid
 * FHIR R4. The import gives back drafts, which the ledger turns into rules with its own bookkeeping
 * (version, status, who and when); the second export re-applies the first rule's bookkeeping, so any
 * difference between the two exports is a mapping that lost or changed something.
 */
class ConsentRoundTripPropertiesTest {
    private static final String ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789";

    @Property(tries = 300)
    void exportImportExportIsStable(@ForAll("ruleSets") List<Rule> rules) {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (Rule rule : rules) {
            String json = FhirResources.encode(ConsentMapper.toConsent(rule));
            first.add(json);
            Consent parsed = ((FhirResources.Parsed.Read<Consent>) FhirResources.parse(json, Consent.class)).resource();
            ConsentImport result = ConsentMapper.toRuleDrafts(parsed, () -> "unused");
            assertThat(result).as(json).isInstanceOf(ConsentImport.Rules.class);
            List<RuleDraft> drafts = ((ConsentImport.Rules) result).drafts();
            assertThat(drafts).hasSize(1);
            second.add(FhirResources.encode(ConsentMapper.toConsent(recorded(drafts.get(0), rule))));
        }
        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 300)
    void importGivesBackExactlyTheRulesContent(@ForAll("rules") Rule rule) {
        Consent parsed = ((FhirResources.Parsed.Read<Consent>)
                        FhirResources.parse(FhirResources.encode(ConsentMapper.toConsent(rule)), Consent.class))
                .resource();
        ConsentImport result = ConsentMapper.toRuleDrafts(parsed, () -> "unused");
        assertThat(result)
                .isEqualTo(new ConsentImport.Rules(List.of(new RuleDraft(
                        rule.ruleId(),
                        rule.patientId(),
                        rule.grantee(),
                        rule.tags(),
                        rule.effect(),
                        rule.validFrom(),
                        rule.validUntil(),
                        rule.purposes()))));
    }

    /** The validator is slow (tens of milliseconds a resource), hence fewer tries. */
    @Property(tries = 40)
    void everyExportedConsentValidates(@ForAll("rules") Rule rule, @ForAll boolean revoked) {
        Rule exported = revoked ? rule.revoked(rule.changedBy(), rule.changedAt(), rule.logIndex() + 1) : rule;
        String json = FhirResources.encode(ConsentMapper.toConsent(exported));
        assertThat(FhirValidation.errors(json)).as(json).isEmpty();
    }

    /** The rule the ledger records for an imported draft, with the original rule's bookkeeping. */
    private static Rule recorded(RuleDraft draft, Rule original) {
        return new Rule(
                draft.ruleId(),
                draft.patientId(),
                draft.grantee(),
                List.copyOf(new TreeSet<>(draft.tags())),
                draft.effect(),
                draft.validFrom(),
                draft.validUntil(),
                List.copyOf(new TreeSet<>(draft.purposes())),
                original.version(),
                original.status(),
                original.changedBy(),
                original.changedAt(),
                original.logIndex());
    }

    @Provide
    Arbitrary<List<Rule>> ruleSets() {
        return rules().list().ofMinSize(0).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Rule> rules() {
        Arbitrary<Instant> from = instants();
        Arbitrary<Long> lengthNanos = Arbitraries.longs().between(1, 200L * 365 * 24 * 3600 * 1_000_000_000L);
        return Combinators.combine(
                        ids(),
                        patientIds(),
                        grantees(),
                        tags(),
                        Arbitraries.of(Effect.class),
                        from,
                        lengthNanos,
                        purposes())
                .as((ruleId, patientId, grantee, tags, effect, validFrom, length, purposes) -> new Rule(
                        ruleId,
                        patientId,
                        grantee,
                        tags,
                        effect,
                        validFrom,
                        validFrom.plusNanos(length),
                        purposes,
                        1,
                        Rule.Status.ACTIVE,
                        "hosp-es:patient",
                        validFrom,
                        7))
                .flatMap(rule -> Combinators.combine(
                                Arbitraries.integers().between(1, 50),
                                instants(),
                                Arbitraries.longs().between(0, 1L << 40))
                        .as((version, changedAt, logIndex) -> withBookkeeping(rule, version, changedAt, logIndex)));
    }

    private static Rule withBookkeeping(Rule rule, int version, Instant changedAt, long logIndex) {
        return new Rule(
                rule.ruleId(),
                rule.patientId(),
                rule.grantee(),
                rule.tags(),
                rule.effect(),
                rule.validFrom(),
                rule.validUntil(),
                rule.purposes(),
                version,
                Rule.Status.ACTIVE,
                rule.changedBy(),
                changedAt,
                logIndex);
    }

    /** Instants between 1970 and 2300, to the nanosecond or to the second. */
    private static Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 10_413_792_000L);
        Arbitrary<Integer> nanos =
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.strings().withChars(ID_CHARS).ofLength(26);
    }

    private static Arbitrary<String> patientIds() {
        return ids().map(id -> "p-" + id);
    }

    private static Arbitrary<String> organisations() {
        return Arbitraries.oneOf(
                Arbitraries.of("hosp-es", "hosp-nl", "research-se"),
                Combinators.combine(
                                Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                                Arbitraries.strings()
                                        .withCharRange('a', 'z')
                                        .withCharRange('0', '9')
                                        .withChars('-')
                                        .ofMinLength(1)
                                        .ofMaxLength(39))
                        .as(String::concat));
    }

    private static Arbitrary<String> scopedIds() {
        Arbitrary<String> names = Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withCharRange('0', '9')
                                .ofLength(1),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withCharRange('0', '9')
                                .withChars('.', '_', '-')
                                .ofMaxLength(63))
                .as(String::concat);
        return Combinators.combine(organisations(), names).as((o, n) -> o + ":" + n);
    }

    private static Arbitrary<Grantee> grantees() {
        return Arbitraries.oneOf(
                scopedIds().map(id -> new Grantee(Grantee.Type.PROFESSIONAL, id)),
                scopedIds().map(id -> new Grantee(Grantee.Type.DEPARTMENT, id)),
                organisations().map(id -> new Grantee(Grantee.Type.ORGANISATION, id)));
    }

    /** 1 to 8 distinct tags, defaults and providers' own, sorted as the ledger stores them. */
    private static Arbitrary<List<String>> tags() {
        Arbitrary<String> own = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withCharRange('0', '9')
                                .withChars('-')
                                .ofMaxLength(39))
                .as(String::concat);
        return Arbitraries.oneOf(Arbitraries.of(Tags.DEFAULT), own)
                .set()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(set -> List.copyOf(new TreeSet<>(set)));
    }

    private static Arbitrary<List<String>> purposes() {
        return Arbitraries.of(List.copyOf(new TreeSet<>(AccessRulesContract.PURPOSES)))
                .set()
                .ofMaxSize(AccessRulesContract.PURPOSES.size())
                .map(set -> List.copyOf(new TreeSet<>(set)));
    }
}
