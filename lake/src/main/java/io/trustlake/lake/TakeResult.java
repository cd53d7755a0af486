package io.trustlake.lake;

/** The outcome of {@link Deliveries#take}: every refusal is a value. */
public sealed interface TakeResult {
    /** The record, decrypted; it has now been deleted from the consumer zone. */
    final class Delivered implements TakeResult {
        private final byte[] bytes;
        private final String ciphertextSha256;

        Delivered(byte[] bytes, String ciphertextSha256) {
            this.bytes = bytes;
            this.ciphertextSha256 = ciphertextSha256;
        }

        /** Lower-case hex SHA-256 of the consumer-zone ciphertext it was decrypted from. */
        public String ciphertextSha256() {
            return ciphertextSha256;
        }

        /** The delivered bytes (an SPHR Bundle as {@link AssembledRecord#CONTENT_TYPE}), a fresh copy. */
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Delivered[" + bytes.length + " bytes]";
        }
    }

    /** It was delivered before; a record is delivered once. */
    record AlreadyDelivered() implements TakeResult {}

    /** Its time limit passed before it was taken; it has been deleted. */
    record Expired() implements TakeResult {}

    /** No delivery with that request id exists. */
    record NotFound() implements TakeResult {}

    /** It exists but was stored for someone else. */
    record NotRecipient() implements TakeResult {}
}
