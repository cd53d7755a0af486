package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;

/**
 * Where a resource's release form ({@link ReleaseForm}), made when it was ingested, lies in the
 * structured zone: {@code length} bytes at {@code offset} in object {@code key}, with the {@code
 * meta} labels it was made with in the {@code labelsLength} bytes from {@code labelsAt} (counted
 * from the resource's first byte), so that a selection can put the current labels in their place
 * without reading the JSON again. A copy is derived data: the raw zone stays the source of truth.
 *
 * @param sha256 lower-case hex SHA-256 of the {@code length} bytes, checked on every read
 */
public record ReleaseCopy(ObjectKey key, long offset, int length, int labelsAt, int labelsLength, String sha256) {
    public ReleaseCopy {
        if (offset < 0 || length <= 0 || labelsAt < 0 || labelsLength <= 0 || labelsAt + labelsLength > length) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "release copy offsets out of range");
        }
    }

    /** Where the copy lies in its object. */
    RawSlice slice() {
        return new RawSlice(key, offset, length);
    }
}
