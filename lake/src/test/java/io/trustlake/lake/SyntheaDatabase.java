package io.trustlake.lake;

import io.trustlake.testkit.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A real PostgreSQL (embedded Linux binaries) on a free loopback port, holding a hospital database
 * shaped like Synthea's CSV export and loaded from the committed fixture ({@code synthea-csv/}).
 */
public final class SyntheaDatabase implements AutoCloseable {
    public static final List<String> TABLES =
            List.of("patients", "encounters", "conditions", "observations", "medications");

    private final EmbeddedPostgres postgres;

    private SyntheaDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static SyntheaDatabase start() throws IOException, SQLException {
        EmbeddedPostgres postgres =
                EmbeddedPostgres.builder().setPort(FreePorts.consecutive(1)).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(new String(Fixtures.resource("synthea-csv/schema.sql"), StandardCharsets.UTF_8));
            for (String table : TABLES) {
                load(connection, table);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new SyntheaDatabase(postgres);
    }

    private static void load(Connection connection, String table) throws SQLException, IOException {
        byte[] csv = Fixtures.resource("synthea-csv/" + table + ".csv");
        String header =
                new String(csv, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        String columns = header.toLowerCase(Locale.ROOT);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8)) {
            new CopyManager(connection.unwrap(BaseConnection.class))
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
        }
    }

    /** The JDBC URL of the database, user {@code postgres} without password. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public Connection connection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
