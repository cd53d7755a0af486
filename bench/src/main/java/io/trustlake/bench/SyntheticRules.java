package io.trustlake.bench;

import io.trustlake.contracts.Tags;
import io.trustlake.contracts.access.Requester;
import io.trustlake.contracts.rules.Effect;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.contracts.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Deterministic rules and requesters for the demo consortium's organisations: per patient a mix of
 * grants to professionals (half), departments (30 %) and whole organisations (20 %); one to four
 * default tags; one rule in five a deny; validity windows from two years back to three years ahead,
 * so some are expired and some not yet in force; three in ten restricted to purposes; one in twenty
 * revoked. Every rule would pass the rules contract's validation.
 */
final class SyntheticRules {
    /** The moment every benchmark asks at; windows are spread around it. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final List<String> ORGANISATIONS = List.of("hosp-es", "hosp-nl", "research-se");
    static final List<String> DEPARTMENTS = List.of(
            "hosp-es:cardiology",
            "hosp-es:emergency",
            "hosp-nl:general-medicine",
            "hosp-nl:oncology",
            "research-se:epidemiology");
    static final List<String> PROFESSIONALS = IntStream.range(0, 100)
            .mapToObj(i -> (i % 2 == 0 ? "hosp-es" : "hosp-nl") + ":dr-" + String.format("%03d", i))
            .toList();
    static final List<String> RESEARCHERS = IntStream.range(0, 20)
            .mapToObj(i -> "research-se:res-" + String.format("%02d", i))
            .toList();
    static final List<String> PURPOSES = List.of("TREAT", "HRESCH", "ETREAT", "BTG", "PATRQT");

    private SyntheticRules() {}

    static String patientId(Xorshift random) {
        return "p-" + random.token(26);
    }

    static List<Rule> rulesOf(String patientId, int count, Xorshift random) {
        List<Rule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rules.add(rule(patientId, random));
        }
        return rules;
    }

    static Rule rule(String patientId, Xorshift random) {
        return rule(patientId, random, NOW);
    }

    /** A rule with its validity window spread around {@code now}. */
    static Rule rule(String patientId, Xorshift random, Instant now) {
        Instant from = random.percent(10)
                ? now.plus(Duration.ofHours(1 + random.nextInt(90 * 24)))
                : now.minus(Duration.ofHours(random.nextInt(730 * 24)));
        Instant until = from.plus(Duration.ofHours(1 + random.nextInt(1095 * 24)));
        int version = 1 + random.nextInt(3);
        return new Rule(
                random.token(26),
                patientId,
                grantee(random),
                tags(random),
                random.percent(20) ? Effect.DENY : Effect.ALLOW,
                from,
                until,
                purposes(random),
                version,
                random.percent(5) ? Rule.Status.REVOKED : Rule.Status.ACTIVE,
                patientId,
                from,
                version);
    }

    static Grantee grantee(Xorshift random) {
        int kind = random.nextInt(100);
        if (kind < 50) {
            String user = random.percent(85) ? random.pick(PROFESSIONALS) : random.pick(RESEARCHERS);
            return new Grantee(Grantee.Type.PROFESSIONAL, user);
        }
        return kind < 80
                ? new Grantee(Grantee.Type.DEPARTMENT, random.pick(DEPARTMENTS))
                : new Grantee(Grantee.Type.ORGANISATION, random.pick(ORGANISATIONS));
    }

    static List<String> tags(Xorshift random) {
        TreeSet<String> tags = new TreeSet<>();
        int count = 1 + random.nextInt(4);
        while (tags.size() < count) {
            tags.add(random.pick(Tags.DEFAULT));
        }
        return List.copyOf(tags);
    }

    static List<String> purposes(Xorshift random) {
        if (!random.percent(30)) {
            return List.of();
        }
        TreeSet<String> purposes = new TreeSet<>();
        purposes.add(random.pick(PURPOSES));
        if (random.percent(30)) {
            purposes.add(random.pick(PURPOSES));
        }
        return List.copyOf(purposes);
    }

    /** A professional of a hospital, in one department of that hospital. */
    static Requester professional(Xorshift random) {
        String user = random.pick(PROFESSIONALS);
        String organisation = user.substring(0, user.indexOf(':'));
        List<String> departments =
                DEPARTMENTS.stream().filter(d -> d.startsWith(organisation)).toList();
        return new Requester(user, "PROFESSIONAL", organisation, List.of(random.pick(departments)), "");
    }

    static Requester researcher(Xorshift random) {
        return new Requester(
                random.pick(RESEARCHERS), "RESEARCHER", "research-se", List.of("research-se:epidemiology"), "");
    }
}
