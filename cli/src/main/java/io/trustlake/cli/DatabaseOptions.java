package io.trustlake.cli;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.lake.RelationalMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** The database options {@code ingest} and {@code scrub} share: the password's variable and the mapping file. */
final class DatabaseOptions {
    private DatabaseOptions() {}

    /** The password held by {@code variable} (none when no variable is named). */
    static String password(Function<String, String> environment, String variable) {
        if (variable == null) {
            return "";
        }
        String password = environment.apply(variable);
        if (password == null) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "the environment variable " + variable + " is not set");
        }
        return password;
    }

    /** The mapping file {@code --jdbc} needs. */
    static RelationalMapping mapping(Path mapping) {
        if (mapping == null) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "--jdbc needs --mapping FILE");
        }
        try {
            return RelationalMapping.fromJson(Files.readAllBytes(mapping));
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "cannot read the mapping file " + mapping, e);
        }
    }
}
