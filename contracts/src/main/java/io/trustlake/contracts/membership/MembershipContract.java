package io.trustlake.contracts.membership;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.Payloads;
import io.trustlake.ledger.contract.Context;
import io.trustlake.ledger.contract.Contract;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.Contracts;
import io.trustlake.ledger.contract.Outcome;
import io.trustlake.ledger.contract.StateView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Membership: the organisations of the consortium, their node keys, token keys and departments.
 * Written once by the genesis transaction; read by every other contract and by token verification.
 */
public final class MembershipContract implements Contract {
    public static final String GENESIS = "membership.genesis";
    private static final String ORG = "org/";
    private static final String TOKEN_KEY = "tokenkey/";
    private static final String SETTINGS = "consortium/settings";

    @Override
    public Set<String> transactionTypes() {
        return Set.of(GENESIS);
    }

    @Override
    public Outcome execute(Context context) {
        if (!organisations(context).isEmpty()) {
            throw new ContractException("ALREADY_FOUNDED", "the consortium already has members");
        }
        Genesis genesis = Payloads.decode(context.transaction().payload(), Genesis.class);
        validate(genesis);
        context.put(SETTINGS, Payloads.encode(genesis.settings()));
        for (Organisation organisation : genesis.organisations()) {
            context.put(ORG + organisation.id(), Payloads.encode(organisation));
            for (Organisation.TokenKey key : organisation.tokenKeys()) {
                context.put(
                        TOKEN_KEY + key.kid(),
                        Payloads.encode(new OwnedTokenKey(key.kid(), organisation.id(), key.publicKey())));
            }
        }
        return Outcome.applied(
                Contracts.result(Map.of("organisations", genesis.organisations().size())));
    }

    private static void validate(Genesis genesis) {
        Set<String> ids = new HashSet<>();
        Set<String> kids = new HashSet<>();
        for (Organisation organisation : genesis.organisations()) {
            if (!Ids.isOrganisationId(organisation.id()) || !ids.add(organisation.id())) {
                throw new ContractException("INVALID_MEMBERSHIP", "organisation ids must be unique slugs");
            }
            for (Organisation.TokenKey key : organisation.tokenKeys()) {
                if (!kids.add(key.kid())) {
                    throw new ContractException("INVALID_MEMBERSHIP", "token key ids must be unique");
                }
            }
            for (Organisation.Department department : organisation.departments()) {
                if (!Ids.isScopedId(department.id())
                        || !Ids.organisationOf(department.id()).equals(organisation.id())) {
                    throw new ContractException("INVALID_MEMBERSHIP", "department ids must be organisation:name");
                }
            }
        }
        if (ids.isEmpty()) {
            throw new ContractException("INVALID_MEMBERSHIP", "a consortium needs at least one organisation");
        }
    }

    /** A token key with the organisation that owns it. */
    public record OwnedTokenKey(String kid, String organisation, String publicKey) {}

    public static List<Organisation> organisations(StateView state) {
        return Payloads.scan(state, ORG, Organisation.class);
    }

    public static Optional<Organisation> organisation(StateView state, String id) {
        return Payloads.read(state, ORG + id, Organisation.class);
    }

    public static ConsortiumSettings settings(StateView state) {
        return Payloads.read(state, SETTINGS, ConsortiumSettings.class).orElse(ConsortiumSettings.defaults());
    }

    public static Optional<OwnedTokenKey> tokenKey(StateView state, String kid) {
        return Payloads.read(state, TOKEN_KEY + kid, OwnedTokenKey.class);
    }
}
