package io.trustlake.server;

import io.trustlake.auth.AccountStore;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.TokenVerifier;
import io.trustlake.common.crypto.Ed25519;
import io.trustlake.lake.Lake;
import io.trustlake.ledger.gateway.Gateway;
import java.time.Clock;

/**
 * Everything one organisation's node serves over HTTP, wired by the composition root.
 *
 * @param organisationId the organisation this node belongs to
 * @param auth sign-in, sessions, second factors and the security audit log of this organisation's accounts
 * @param nodeKey the node's Ed25519 key, which signs its ledger transactions and its calls to other nodes
 */
public record NodeServices(
        String organisationId,
        Gateway gateway,
        Lake lake,
        AccountStore accounts,
        AuthServices auth,
        TokenVerifier tokens,
        Ed25519.KeyPair nodeKey,
        Clock clock) {}
