package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.time.Duration;

/**
 * How the relational connector reads one hospital database. {@code trustlake ingest} sets it from
 * its {@code --source-system}, {@code --jdbc}, {@code --db-user}, {@code --db-password-env} (the
 * environment variable holding the password: passwords never live in files), {@code --mapping} and
 * {@code --timeout-seconds} options.
 *
 * @param sourceSystem the {@link Source#system()} slug the database's resources are catalogued under
 * @param jdbcUrl e.g. {@code jdbc:postgresql://db.hospital:5432/ehr}; the lineage keeps it without
 *     its query part, so credentials in the URL never reach the catalog
 * @param user database user (read-only access is enough and advised)
 * @param password the user's password ("" for none); never logged or stored
 * @param mapping tables and columns → FHIR resources
 * @param maxRows rows read per table and patient before the patient is refused, 1 to 10,000,000;
 *     default {@value #DEFAULT_MAX_ROWS}
 * @param timeout connect and per-query timeout, whole seconds, 1 s to 1 h; default 30 s
 */
public record RelationalConfig(
        String sourceSystem,
        String jdbcUrl,
        String user,
        String password,
        RelationalMapping mapping,
        int maxRows,
        Duration timeout) {
    public static final int DEFAULT_MAX_ROWS = 100_000;

    public RelationalConfig {
        new Source(sourceSystem, sourceSystem); // refuses a system that is not a valid slug
        if (!jdbcUrl.startsWith("jdbc:")
                || jdbcUrl.length() > 1024
                || jdbcUrl.chars().anyMatch(Character::isISOControl)) {
            throw new LakeException(ErrorCode.CONFIGURATION, "the JDBC URL must start with jdbc:");
        }
        if (maxRows < 1 || maxRows > 10_000_000 || timeout.toSeconds() < 1 || timeout.toSeconds() > 3600) {
            throw new LakeException(ErrorCode.CONFIGURATION, "max-rows or timeout out of range");
        }
    }

    public static RelationalConfig of(
            String sourceSystem, String jdbcUrl, String user, String password, RelationalMapping mapping) {
        return new RelationalConfig(
                sourceSystem, jdbcUrl, user, password, mapping, DEFAULT_MAX_ROWS, Duration.ofSeconds(30));
    }

    public RelationalConfig withMaxRows(int rows) {
        return new RelationalConfig(sourceSystem, jdbcUrl, user, password, mapping, rows, timeout);
    }

    public RelationalConfig withTimeout(Duration newTimeout) {
        return new RelationalConfig(sourceSystem, jdbcUrl, user, password, mapping, maxRows, newTimeout);
    }

    /** The lineage source: the JDBC URL without anything after {@code ?} or {@code ;}. */
    Source source() {
        int end = jdbcUrl.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = jdbcUrl.indexOf(separator);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return new Source(sourceSystem, jdbcUrl.substring(0, end));
    }

    @Override
    public String toString() {
        return "RelationalConfig[" + source() + ", user=" + user + ", maxRows=" + maxRows + "]";
    }
}
