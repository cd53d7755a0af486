package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.files.DirectoryTrees;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The analytics zone's tables, with DuckDB (embedded, in memory, one thread): each resource type's
 * de-identified NDJSON becomes a Parquet file ({@link #parquet}), the format statistics tools read,
 * and a researcher may run one read-only SQL {@code SELECT} over the Parquet tables of their own
 * extract ({@link #query}).
 *
 * <p>A query runs in a fresh in-memory database that holds only those tables, loaded before the
 * query, after which the database is locked: no access to files or the network ({@code
 * enable_external_access = false}), no extension loading, and the configuration cannot be changed
 * back ({@code lock_configuration}). Only a single {@code SELECT} or {@code WITH} statement is
 * accepted (no {@code ;} inside), with at most {@link #MAX_SQL_LENGTH} characters; it is stopped
 * after {@link #QUERY_TIMEOUT}, may use {@link #MEMORY_LIMIT} of memory, and returns at most {@link
 * #MAX_ROWS} rows. Thread-safe: nothing is shared between calls.
 */
public final class AnalyticsTables {
    public static final int MAX_ROWS = 1_000;
    public static final int MAX_SQL_LENGTH = 10_000;
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);
    static final String MEMORY_LIMIT = "512MB";

    /** A FHIR resource type, which is also the table's name. */
    private static final Pattern TABLE = Pattern.compile("[A-Z][A-Za-z]{1,63}");

    private static final Pattern READ_ONLY_START = Pattern.compile("^(select|with)\\b", Pattern.CASE_INSENSITIVE);

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "analytics-query-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private AnalyticsTables() {}

    /** What a query returned: column names, rows (JSON-ready values), and whether rows were cut. */
    public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
        public QueryResult {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /**
     * The Parquet form (zstd-compressed) of one table given as NDJSON, one FHIR resource per line;
     * the columns are the resources' elements, nested ones as DuckDB structs and lists.
     */
    static byte[] parquet(String table, byte[] ndjson) {
        requireTable(table);
        Path directory = temporaryDirectory();
        try (Connection db = open()) {
            Path source = directory.resolve(table + ".ndjson");
            Path target = directory.resolve(table + ".parquet");
            Files.write(source, ndjson);
            try (Statement statement = db.createStatement()) {
                statement.execute("COPY (SELECT * FROM read_json(" + literal(source)
                        + ", format = 'newline_delimited', sample_size = -1, maximum_object_size = 67108864))"
                        + " TO " + literal(target) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
            }
            return Files.readAllBytes(target);
        } catch (SQLException e) {
            throw new LakeException(
                    ErrorCode.STORAGE_FAILURE, "the analytics table " + table + " could not be written as Parquet", e);
        } catch (IOException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot write a temporary analytics file", e);
        } finally {
            deleteRecursively(directory);
        }
    }

    /**
     * Runs {@code sql} over {@code tables} (table name → Parquet bytes) and nothing else. Refusals
     * ({@link ErrorCode#BAD_REQUEST}) name the reason in plain words: not a single read-only
     * statement, too long, a DuckDB error (its first line), or stopped after the time limit.
     */
    public static QueryResult query(Map<String, byte[]> tables, String sql) {
        return query(tables, sql, QUERY_TIMEOUT);
    }

    static QueryResult query(Map<String, byte[]> tables, String sql, Duration timeout) {
        String statementText = singleReadOnlyStatement(sql);
        Path directory = temporaryDirectory();
        try (Connection db = open();
                Statement statement = db.createStatement()) {
            for (Map.Entry<String, byte[]> table : tables.entrySet()) {
                requireTable(table.getKey());
                Path file = directory.resolve(table.getKey() + ".parquet");
                Files.write(file, table.getValue());
                statement.execute(
                        "CREATE TABLE \"" + table.getKey() + "\" AS SELECT * FROM read_parquet(" + literal(file) + ")");
            }
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
            deleteRecursively(directory);
            return run(statement, statementText, timeout);
        } catch (IOException | SQLException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot prepare the analytics tables", e);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static QueryResult run(Statement statement, String sql, Duration timeout) {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    timedOut.set(true);
                    try {
                        statement.cancel();
                    } catch (SQLException e) {
                        // The statement finished or the connection closed meanwhile: nothing to stop.
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (ResultSet results = statement.executeQuery(sql)) {
            ResultSetMetaData meta = results.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            boolean truncated = false;
            while (results.next()) {
                if (rows.size() == MAX_ROWS) {
                    truncated = true;
                    break;
                }
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(jsonValue(results.getObject(i)));
                }
                rows.add(row);
            }
            return new QueryResult(columns, rows, truncated);
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new LakeException(
                        ErrorCode.BAD_REQUEST,
                        "the query ran longer than " + timeout.toSeconds() + " s and was stopped");
            }
            throw new LakeException(ErrorCode.BAD_REQUEST, "the query failed: " + firstLine(e.getMessage()));
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The statement without a trailing {@code ;}, if it is one read-only statement. */
    static String singleReadOnlyStatement(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "the query is empty");
        }
        if (sql.length() > MAX_SQL_LENGTH) {
            throw new LakeException(
                    ErrorCode.PAYLOAD_TOO_LARGE, "the query is longer than " + MAX_SQL_LENGTH + " characters");
        }
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (text.indexOf(';') >= 0) {
            throw new LakeException(
                    ErrorCode.BAD_REQUEST, "send one statement only (no ';' inside the query, also not in text)");
        }
        if (!READ_ONLY_START.matcher(text).find()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "only SELECT (or WITH … SELECT) queries are allowed");
        }
        return text;
    }

    /** Numbers, text and booleans as they are; anything else (dates, structs, lists) as text. */
    private static Object jsonValue(Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof Double
                || value instanceof Float
                || value instanceof BigDecimal
                || value instanceof BigInteger) {
            return value;
        }
        return value.toString();
    }

    private static Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("threads", "1");
        properties.setProperty("memory_limit", MEMORY_LIMIT);
        return DriverManager.getConnection("jdbc:duckdb:", properties);
    }

    private static void requireTable(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new LakeException(ErrorCode.BAD_REQUEST, "not a table name: " + table);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("trustlake-analytics");
        } catch (IOException e) {
            throw new LakeException(ErrorCode.STORAGE_FAILURE, "cannot create a temporary analytics directory", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try {
            DirectoryTrees.delete(directory);
        } catch (IOException e) {
            // A temporary file left behind holds de-identified data only; the OS cleans its temp dir.
            directory.toFile().deleteOnExit();
        }
    }
}
