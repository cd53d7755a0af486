package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.contracts.Tags;
import io.trustlake.contracts.membership.MembershipContract;
import io.trustlake.contracts.membership.Organisation;
import io.trustlake.ledger.contract.StateView;
import io.trustlake.server.http.Authentication;
import io.trustlake.server.http.Responses;
import java.util.List;

/** The consortium's organisations and departments, and the record sections, from the ledger. */
public final class DirectoryApi {
    private final StateView state;
    private final Authentication authentication;

    public DirectoryApi(StateView state, Authentication authentication) {
        this.state = state;
        this.authentication = authentication;
    }

    public record Member(
            String id, String name, String country, String kind, List<Organisation.Department> departments) {}

    public record Directory(List<Member> organisations, List<String> tags) {}

    public void get(Context ctx) {
        authentication.require(ctx);
        Responses.ok(ctx, directory());
    }

    public Directory directory() {
        List<Member> members = MembershipContract.organisations(state).stream()
                .map(o -> new Member(o.id(), o.name(), o.country(), o.kind().name(), o.departments()))
                .toList();
        return new Directory(members, Tags.DEFAULT);
    }
}
