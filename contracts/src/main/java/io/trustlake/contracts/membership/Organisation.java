package io.trustlake.contracts.membership;

import java.util.List;

/**
 * A member of the consortium as registered on the ledger: its node's transaction-signing key and
 * token-verification keys (hex Ed25519 public keys), its node's base URL, and its departments.
 */
public record Organisation(
        String id,
        String name,
        String country,
        Kind kind,
        String nodeKey,
        String endpoint,
        List<TokenKey> tokenKeys,
        List<Department> departments) {
    public Organisation {
        tokenKeys = List.copyOf(tokenKeys);
        departments = List.copyOf(departments);
    }

    public enum Kind {
        HOSPITAL,
        RESEARCH
    }

    /** A token-verification key; {@code kid} is unique across the consortium. */
    public record TokenKey(String kid, String publicKey) {}

    /** A department; its id is {@code organisation:name}. */
    public record Department(String id, String name) {}

    public boolean hasDepartment(String departmentId) {
        return departments.stream().anyMatch(d -> d.id().equals(departmentId));
    }
}
