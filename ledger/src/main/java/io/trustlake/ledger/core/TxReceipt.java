package io.trustlake.ledger.core;

/**
 * Where and how a transaction was committed. {@code result} is the contract's JSON result when
 * valid; {@code code}/{@code reason} say why it was recorded as invalid otherwise.
 */
public record TxReceipt(
        String txId,
        long blockNumber,
        int indexInBlock,
        long logIndex,
        boolean valid,
        String code,
        String reason,
        String result) {

    public static TxReceipt valid(String txId, long block, int index, long logIndex, String result) {
        return new TxReceipt(txId, block, index, logIndex, true, "OK", "", result);
    }

    public static TxReceipt invalid(String txId, long block, int index, long logIndex, String code, String reason) {
        return new TxReceipt(txId, block, index, logIndex, false, code, reason, "");
    }
}
