package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The lake's port to object storage: a flat namespace of immutable-by-convention byte objects. The
 * filesystem implementation is {@link FileSystemObjectStore}; an S3-compatible one plugs in here.
 *
 * <p>Contract for every implementation: {@link #put} is atomic and durable once it returns (a
 * reader sees the old object or the new one, never a mix, and a crash after return never loses it);
 * implementations are thread-safe; I/O failures throw {@link LakeException} with {@link
 * ErrorCode#STORAGE_FAILURE}.
 */
public interface ObjectStore {
    /** Stores {@code content} under {@code key}, replacing any previous object atomically. */
    void put(ObjectKey key, byte[] content);

    /** The whole object, or empty when there is none. */
    Optional<byte[]> get(ObjectKey key);

    /**
     * {@code length} bytes starting at {@code offset}, or empty when the object does not exist or is
     * shorter than {@code offset + length}.
     */
    default Optional<byte[]> read(ObjectKey key, long offset, int length) {
        return get(key).filter(bytes -> offset >= 0 && offset + length <= bytes.length)
                .map(bytes -> Arrays.copyOfRange(bytes, (int) offset, (int) offset + length));
    }

    /** Removes the object; returns whether it existed. */
    boolean delete(ObjectKey key);

    boolean exists(ObjectKey key);

    /**
     * Keys starting with {@code prefix} (see {@link ObjectKey#isValidPrefix}), in ascending order.
     * Throws {@link LakeException} ({@link ErrorCode#BAD_REQUEST}) for an invalid prefix.
     */
    List<ObjectKey> list(String prefix);

    /**
     * Moves an object to a new key, replacing any object there; returns false (and changes
     * nothing) when {@code from} does not exist. Not atomic unless an implementation says so.
     */
    default boolean move(ObjectKey from, ObjectKey to) {
        Optional<byte[]> content = get(from);
        if (content.isEmpty()) {
            return false;
        }
        put(to, content.get());
        delete(from);
        return true;
    }
}
