package io.trustlake.ledger.raft;

/** One organisation's Raft peer: its id (the organisation id) and its {@code host:port} address. */
public record RaftMember(String id, String address) {
    public RaftMember {
        if (id.isBlank() || !address.matches("[^:\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("a Raft member needs an id and a host:port address");
        }
    }
}
