package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.id.Ids;
import java.util.regex.Pattern;

/**
 * The name of an object in an {@link ObjectStore}: a relative path of one or more segments joined
 * by {@code /}. Each segment is non-empty, made of {@code [A-Za-z0-9._-]}, and is neither {@code .}
 * nor {@code ..}; the whole key is at most {@value #MAX_LENGTH} characters. These rules make a key
 * safe to map onto a file system path or an S3 key: it can never escape the store's root.
 *
 * @param value the validated key text
 */
public record ObjectKey(String value) {
    public static final int MAX_LENGTH = 512;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SLASH = Pattern.compile("/");

    /** Throws {@link LakeException} ({@link ErrorCode#BAD_REQUEST}) for a key breaking the rules. */
    public ObjectKey {
        if (!isValid(value)) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "invalid object key: " + Ids.printable(value));
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** Whether {@code value} is a valid key; never throws. */
    public static boolean isValid(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (String segment : SLASH.split(value, -1)) {
            if (!isValidSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code prefix} may be used to list keys: empty, or a valid key, or a valid key
     * followed by {@code /}, or such a key whose last segment is cut short.
     */
    public static boolean isValidPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return true;
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return isValid(body);
    }

    private static boolean isValidSegment(String segment) {
        return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }

    /** The last segment. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
