package io.trustlake.bench;

import io.trustlake.contracts.Tags;
import io.trustlake.contracts.access.DecisionRequest;
import io.trustlake.contracts.access.Requester;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The questions the decision benchmarks ask, spread over every patient of the world: 70 %
 * professionals (treatment; one in seven an emergency), 15 % researchers (research), 10 % the
 * patient themself, 5 % an admin (never granted anything); half ask for everything, half for one to
 * three sections. All at {@link SyntheticRules#NOW}.
 */
final class Questions {
    /** A question and the number of the patient it is about, for per-patient benchmark data. */
    record Question(int patient, DecisionRequest request) {}

    private static final Requester ADMIN = new Requester("hosp-es:admin", "ADMIN", "hosp-es", List.of(), "");

    private Questions() {}

    /** {@code count} questions, a power of two so a cursor can wrap with a mask. */
    static Question[] mix(List<String> patients, int count, long seed) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two");
        }
        Xorshift random = new Xorshift(seed);
        Question[] questions = new Question[count];
        for (int i = 0; i < count; i++) {
            int patient = random.nextInt(patients.size());
            questions[i] = new Question(patient, request(patients.get(patient), random));
        }
        return questions;
    }

    private static DecisionRequest request(String patientId, Xorshift random) {
        int kind = random.nextInt(100);
        Set<String> tags = random.percent(50) ? Set.of() : tags(random);
        if (kind < 70) {
            int emergency = random.nextInt(100);
            String purpose = emergency < 10 ? "ETREAT" : emergency < 15 ? "BTG" : "TREAT";
            return new DecisionRequest(
                    SyntheticRules.professional(random), patientId, tags, purpose, SyntheticRules.NOW);
        }
        if (kind < 85) {
            return new DecisionRequest(
                    SyntheticRules.researcher(random), patientId, tags, "HRESCH", SyntheticRules.NOW);
        }
        Requester requester = kind < 95
                ? new Requester("hosp-es:patient-" + patientId, "PATIENT", "hosp-es", List.of(), patientId)
                : ADMIN;
        return new DecisionRequest(requester, patientId, tags, "PATRQT", SyntheticRules.NOW);
    }

    private static Set<String> tags(Xorshift random) {
        Set<String> tags = new TreeSet<>();
        int count = 1 + random.nextInt(3);
        while (tags.size() < count) {
            tags.add(random.pick(Tags.DEFAULT));
        }
        return tags;
    }
}
