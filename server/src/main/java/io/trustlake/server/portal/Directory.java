package io.trustlake.server.portal;

import io.trustlake.contracts.membership.Organisation;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.server.api.DirectoryApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plain-language names for the ids people meet in the portal: organisations, departments, purposes. */
final class Directory {
    private static final Map<String, String> PURPOSES = Map.of(
            "TREAT", "Treatment",
            "ETREAT", "Emergency treatment",
            "BTG", "Emergency (break the glass)",
            "HRESCH", "Research",
            "PATRQT", "Your own request");

    private Directory() {}

    /** Organisation and department ids to their names; a department reads "Cardiology at Hospital …". */
    static Map<String, String> names(List<DirectoryApi.Member> members) {
        Map<String, String> names = new HashMap<>();
        for (DirectoryApi.Member member : members) {
            names.put(member.id(), member.name());
            for (Organisation.Department d : member.departments()) {
                names.put(d.id(), d.name() + " at " + member.name());
            }
        }
        return names;
    }

    /** Who a rule is for, in words; an unknown id is shown as it is. */
    static String grantee(Grantee grantee, Map<String, String> names) {
        String name = names.getOrDefault(grantee.id(), grantee.id());
        return switch (grantee.type()) {
            case ORGANISATION -> "Everyone at " + name;
            case DEPARTMENT -> name;
            case PROFESSIONAL -> grantee.id();
        };
    }

    static String purpose(String code) {
        return PURPOSES.getOrDefault(code, code);
    }
}
