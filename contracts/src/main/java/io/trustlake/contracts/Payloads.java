package io.trustlake.contracts;

import io.trustlake.common.encoding.Json;
import io.trustlake.ledger.contract.ContractException;
import io.trustlake.ledger.contract.StateView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decoding helpers shared by the contracts. */
public final class Payloads {
    private Payloads() {}

    /** Decodes a transaction payload; a malformed payload rejects the transaction. */
    public static <T> T decode(String payload, Class<T> type) {
        try {
            T value = Json.canonical().readValue(payload, type);
            if (value == null) {
                throw new ContractException("MALFORMED_PAYLOAD", "empty payload");
            }
            return value;
        } catch (IOException e) {
            throw new ContractException("MALFORMED_PAYLOAD", "payload is not a valid " + type.getSimpleName());
        }
    }

    public static <T> Optional<T> read(StateView state, String key, Class<T> type) {
        return state.get(key).map(bytes -> Json.decode(bytes, type));
    }

    public static <T> List<T> scan(StateView state, String prefix, Class<T> type) {
        List<T> out = new ArrayList<>();
        state.scan(prefix).values().forEach(bytes -> out.add(Json.decode(bytes, type)));
        return out;
    }

    public static byte[] encode(Object value) {
        return Json.encode(value);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Zero-padded hex so numeric suffixes sort as keys. */
    public static String pad(long number) {
        return String.format("%016x", number);
    }
}
