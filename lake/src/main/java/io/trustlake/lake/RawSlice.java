package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;

/**
 * Where one resource's JSON lies: {@code length} bytes at {@code offset} in the object {@code key}
 * (a raw object, or a release copy in the structured zone).
 */
public record RawSlice(ObjectKey key, long offset, int length) {
    public RawSlice {
        if (offset < 0 || length <= 0) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "slice offset and length must be positive");
        }
    }
}
