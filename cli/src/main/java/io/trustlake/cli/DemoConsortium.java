package io.trustlake.cli;

import io.trustlake.common.crypto.Hex;
import io.trustlake.contracts.membership.Genesis;
import io.trustlake.contracts.membership.Organisation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo consortium: two hospitals in different countries and one research centre (all
 * fictional), each with its departments. Node {@code i} listens on {@code basePort + i}.
 */
public final class DemoConsortium {
    /** One member as the demo defines it. */
    public record Member(
            String id, String name, String country, Organisation.Kind kind, Map<String, String> departments) {}

    public static final List<Member> MEMBERS = List.of(
            new Member(
                    "hosp-es",
                    "Hospital General del Levante (Valencia, ES)",
                    "ES",
                    Organisation.Kind.HOSPITAL,
                    Map.of("cardiology", "Cardiology", "emergency", "Emergency")),
            new Member(
                    "hosp-nl",
                    "Noordzee University Medical Centre (Rotterdam, NL)",
                    "NL",
                    Organisation.Kind.HOSPITAL,
                    Map.of("oncology", "Oncology", "general-medicine", "General medicine")),
            new Member(
                    "research-se",
                    "Nordic Institute for Health Research (Uppsala, SE)",
                    "SE",
                    Organisation.Kind.RESEARCH,
                    Map.of("epidemiology", "Epidemiology")));

    private DemoConsortium() {}

    public static List<String> hospitalIds() {
        return MEMBERS.stream()
                .filter(m -> m.kind() == Organisation.Kind.HOSPITAL)
                .map(Member::id)
                .toList();
    }

    public static String endpoint(String host, int basePort, String organisationId) {
        for (int i = 0; i < MEMBERS.size(); i++) {
            if (MEMBERS.get(i).id().equals(organisationId)) {
                return "http://" + host + ":" + (basePort + i);
            }
        }
        throw new IllegalArgumentException("not a demo member: " + organisationId);
    }

    /** The founding membership, with each node's public keys. */
    public static Genesis genesis(Map<String, NodeKeys> keys, String host, int basePort) {
        List<Organisation> organisations = new ArrayList<>();
        for (Member member : MEMBERS) {
            NodeKeys k = keys.get(member.id());
            List<Organisation.Department> departments = member.departments().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(d -> new Organisation.Department(member.id() + ":" + d.getKey(), d.getValue()))
                    .toList();
            organisations.add(new Organisation(
                    member.id(),
                    member.name(),
                    member.country(),
                    member.kind(),
                    Hex.encode(k.node().publicKey()),
                    endpoint(host, basePort, member.id()),
                    List.of(new Organisation.TokenKey(
                            k.tokenKeyId(), Hex.encode(k.token().publicKey()))),
                    departments));
        }
        return new Genesis("trustlake-demo", organisations);
    }
}
