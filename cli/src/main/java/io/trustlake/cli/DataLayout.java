package io.trustlake.cli;

import java.nio.file.Path;

/** Where a consortium's state lives under the data directory. */
public record DataLayout(Path root) {
    public Path genesis() {
        return root.resolve("genesis.json");
    }

    /** The signed founding transaction, so every node cuts the identical block 0. */
    public Path genesisTransaction() {
        return root.resolve("genesis-transaction.json");
    }

    /** A node's Raft peer: its Raft log, snapshots and ordered block log. */
    public Path orderer(String organisationId) {
        return node(organisationId).resolve("orderer");
    }

    /** The ordered blocks of a node's Raft peer (a ledger store without state). */
    public Path blockLog(String organisationId) {
        return orderer(organisationId).resolve("blocks");
    }

    public Path node(String organisationId) {
        return root.resolve("nodes").resolve(organisationId);
    }

    public Path keys(String organisationId) {
        return node(organisationId).resolve("keys");
    }

    public Path ledger(String organisationId) {
        return node(organisationId).resolve("ledger");
    }

    public Path lake(String organisationId) {
        return node(organisationId).resolve("lake");
    }

    /** A demo node's optional tag mapping overrides (the {@code tagMapping} of a node configuration). */
    public Path tagMapping(String organisationId) {
        return node(organisationId).resolve("tag-mapping.json");
    }

    public Path accounts(String organisationId) {
        return node(organisationId).resolve("accounts");
    }

    public Path synthea() {
        return root.resolve("synthea");
    }

    public Path sources() {
        return root.resolve("sources");
    }

    public Path demoAccounts() {
        return root.resolve("demo-accounts.json");
    }
}
