package io.trustlake.ledger.gateway;

import io.trustlake.common.crypto.Ed25519;

/** The organisation a node belongs to and the key it signs its transactions with. */
public record NodeIdentity(String organisation, Ed25519.KeyPair signingKey) {}
