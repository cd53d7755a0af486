package io.trustlake.lake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Stage-1 connector for a relational hospital database over JDBC: reads one patient's rows from
 * every table of a {@link RelationalMapping} in one read-only, repeatable-read transaction, turns
 * them into FHIR R4 resources ({@link RowMapper}) that refer to {@code Patient/<patient id>}, and
 * ingests them as one delivery: all or nothing. An unreachable database, a query timeout, a failing
 * query, more rows than the bound, a row the mapping cannot turn into a resource, or two rows with
 * the same resource id refuse the delivery with a precise {@link IngestReport.Rejected} and leave the
 * lake untouched. Tags and labels come from the lake's tag mapping, plus the table's {@code
 * security-labels}.
 *
 * <p>Lineage: source system from the configuration, source name = the JDBC URL without its query,
 * source id = the row's mapped resource id; {@link #fetch} reads that row again. Opens one
 * connection per call (no pool: ingestion is batch work). Thread-safe.
 */
public final class RelationalConnector implements SourceFetcher {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String ID_COLUMN = "trustlake_resource_id";

    private final RelationalConfig config;
    private final long maxBytes;

    private RelationalConnector(RelationalConfig config, long maxBytes) {
        this.config = config;
        this.maxBytes = maxBytes;
    }

    /** A connector whose deliveries are bounded by {@code maxBytes} (use the lake's bundle limit). */
    public static RelationalConnector open(RelationalConfig config, long maxBytes) {
        return new RelationalConnector(config, maxBytes);
    }

    @Override
    public String sourceSystem() {
        return config.sourceSystem();
    }

    /** Reads patient {@code patientId}'s rows and ingests them into {@code lake}. */
    public IngestReport ingestPatient(Lake lake, String patientId) {
        Collected collected = collect(patientId);
        if (collected instanceof Collected.Refused refused) {
            return refused.report();
        }
        return lake.ingest(
                config.source(), ((Collected.Delivery) collected).bundle().toBytes());
    }

    /**
     * Ingests every patient of the patient table, one report per patient in id order; a refused
     * patient never stops the others. When the patient list itself cannot be read, the one report
     * says why.
     */
    public List<IngestReport> ingestAll(Lake lake) {
        List<String> ids = new ArrayList<>();
        Failure failure = patientIds(ids);
        if (failure != null) {
            return List.of(rejected(failure.reason(), failure.detail()));
        }
        List<IngestReport> reports = new ArrayList<>(ids.size());
        for (String id : ids) {
            reports.add(ingestPatient(lake, id));
        }
        return reports;
    }

    private Failure patientIds(List<String> ids) {
        RelationalMapping.TableMapping patients = config.mapping().patient();
        String sql = "SELECT (" + patients.id() + ") AS " + ID_COLUMN + " FROM " + patients.table() + " t ORDER BY 1";
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(seconds());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return null;
        } catch (SQLException e) {
            return failure(e, patients.table());
        }
    }

    /** A patient's rows as a delivery ready to ingest, or the reason there is none. */
    sealed interface Collected {
        record Delivery(SourceBundle bundle) implements Collected {}

        record Refused(IngestReport.Rejected report) implements Collected {}
    }

    private record Failure(RejectionReason reason, String detail) {}

    Collected collect(String patientId) {
        if (patientId.isEmpty() || patientId.length() > 256) {
            return refuse(new Failure(RejectionReason.UNKNOWN_PATIENT, "the patient id is empty or too long"));
        }
        SourceBundle bundle = new SourceBundle();
        RelationalMapping mapping = config.mapping();
        try (Connection connection = connect()) {
            List<RelationalMapping.TableMapping> tables = new ArrayList<>();
            tables.add(mapping.patient());
            tables.addAll(mapping.resources());
            for (RelationalMapping.TableMapping table : tables) {
                Failure failure = addTable(connection, table, patientId, bundle);
                if (failure != null) {
                    return refuse(failure);
                }
                if (bundle.size() == 0) {
                    return refuse(
                            new Failure(RejectionReason.UNKNOWN_PATIENT, "the patient table has no such patient"));
                }
            }
            connection.rollback();
        } catch (SQLException e) {
            return refuse(failure(e, "?"));
        }
        return new Collected.Delivery(bundle);
    }

    private Failure addTable(
            Connection connection, RelationalMapping.TableMapping table, String patientId, SourceBundle bundle) {
        String sql = "SELECT (" + table.id() + ") AS " + ID_COLUMN + ", t.* FROM " + table.table() + " t WHERE t."
                + table.patientColumn() + " = ? ORDER BY 1";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, patientId);
            Failure failure = read(statement, rows, table);
            if (failure != null) {
                return failure;
            }
        } catch (SQLException e) {
            return failure(e, table.table());
        }
        for (Map<String, Object> row : rows) {
            Failure failure = addRow(table, row, bundle);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private Failure read(
            PreparedStatement statement, List<Map<String, Object>> rows, RelationalMapping.TableMapping table)
            throws SQLException {
        statement.setQueryTimeout(seconds());
        statement.setMaxRows(config.maxRows() + 1);
        statement.setFetchSize(500);
        try (ResultSet result = statement.executeQuery()) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                if (rows.size() == config.maxRows()) {
                    return new Failure(
                            RejectionReason.SOURCE_LIMIT_EXCEEDED,
                            "table " + table.table() + " has more than " + config.maxRows() + " rows for the patient");
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return null;
    }

    private Failure addRow(RelationalMapping.TableMapping table, Map<String, Object> row, SourceBundle bundle) {
        Object rawId = row.get(ID_COLUMN);
        String id = rawId == null ? "" : RowMapper.text(rawId);
        if (!ID.matcher(id).matches()) {
            return new Failure(
                    RejectionReason.MAPPING_FAILED, "table " + table.table() + ": a row's id is not a valid FHIR id");
        }
        if (bundle.contains(table.resourceType(), id)) {
            return new Failure(
                    RejectionReason.MAPPING_FAILED,
                    "table " + table.table() + ": two rows map to " + table.resourceType() + "/" + id);
        }
        try {
            bundle.add(config.source().name() + "/" + table.resourceType() + "/" + id, RowMapper.map(table, id, row));
        } catch (RowMapper.Unmappable e) {
            return new Failure(RejectionReason.MAPPING_FAILED, e.getMessage());
        }
        if (bundle.approximateBytes() > maxBytes) {
            return new Failure(
                    RejectionReason.SOURCE_LIMIT_EXCEEDED, "the patient's record exceeds " + maxBytes + " bytes");
        }
        return null;
    }

    @Override
    public Fetched fetch(String resourceType, Lineage lineage) {
        if (!lineage.source().equals(config.source())) {
            return new Fetched.Unavailable("the lineage names another source");
        }
        String id = lineage.sourceResourceId();
        if (!ID.matcher(id).matches()) {
            return new Fetched.NotFound("not a FHIR id");
        }
        try (Connection connection = connect()) {
            for (RelationalMapping.TableMapping table : config.mapping().tablesOf(resourceType)) {
                Fetched fetched = fetchRow(connection, table, id);
                if (!(fetched instanceof Fetched.NotFound)) {
                    return fetched;
                }
            }
            return new Fetched.NotFound("no row maps to " + resourceType + "/" + id);
        } catch (SQLException e) {
            return new Fetched.Unavailable(failure(e, resourceType).detail());
        }
    }

    private Fetched fetchRow(Connection connection, RelationalMapping.TableMapping table, String id)
            throws SQLException {
        String sql = "SELECT (" + table.id() + ") AS " + ID_COLUMN + ", t.* FROM " + table.table() + " t WHERE ("
                + table.id() + ") = ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            read(statement, rows, table);
        }
        if (rows.isEmpty()) {
            return new Fetched.NotFound("no row");
        }
        if (rows.size() > 1) {
            return new Fetched.Unavailable("table " + table.table() + ": several rows map to the id");
        }
        try {
            ObjectNode resource = RowMapper.map(table, id, rows.get(0));
            return new Fetched.Found(SourceBundle.canonical(resource));
        } catch (RowMapper.Unmappable e) {
            return new Fetched.Unavailable(e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        properties.setProperty("password", config.password());
        properties.setProperty("connectTimeout", Integer.toString(seconds()));
        properties.setProperty("loginTimeout", Integer.toString(seconds()));
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
        try {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private int seconds() {
        return (int) config.timeout().toSeconds();
    }

    private static Failure failure(SQLException e, String table) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        if (e instanceof SQLTimeoutException || state.equals("57014")) {
            return new Failure(
                    RejectionReason.SOURCE_UNREACHABLE, "the database did not answer in time (table " + table + ")");
        }
        if (state.startsWith("08")) {
            return new Failure(
                    RejectionReason.SOURCE_UNREACHABLE, "the database cannot be reached (SQL state " + state + ")");
        }
        return new Failure(
                RejectionReason.SOURCE_ERROR,
                "the database refused the query of table " + table + " (SQL state " + state + ")");
    }

    private Collected.Refused refuse(Failure failure) {
        return new Collected.Refused(rejected(failure.reason(), failure.detail()));
    }

    private IngestReport.Rejected rejected(RejectionReason reason, String detail) {
        return new IngestReport.Rejected(config.source(), reason, detail);
    }
}
