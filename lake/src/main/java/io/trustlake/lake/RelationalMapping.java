package io.trustlake.lake;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A hospital database's mapping file: which tables hold which FHIR R4 resources, and how each
 * column fills a resource element (the SERUMS approach to relational sources). The format is
 * documented in {@code docs/sources.md}; an example for Synthea's CSV schema is in {@code
 * docs/examples/synthea-csv-mapping.json}.
 *
 * <p>A mapping file is trusted configuration written by the hospital's IT team, like a view
 * definition: table and column names must be plain SQL identifiers, and {@code id} is an SQL
 * expression evaluated by the database (without {@code ;} or comments). Immutable.
 *
 * @param patient the table with one row per patient, mapped to {@code Patient}
 * @param resources the other tables, each mapped to one resource type, in output order
 */
public record RelationalMapping(TableMapping patient, List<TableMapping> resources) {
    private static final Pattern IDENTIFIER =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public RelationalMapping {
        resources = List.copyOf(resources);
        if (!patient.resourceType().equals("Patient")) {
            throw invalid("the patient table must map to Patient");
        }
    }

    /**
     * Reads a mapping file. Throws {@link LakeException} ({@link ErrorCode#CONFIGURATION}) naming
     * the first problem when it is not valid JSON or not a valid mapping.
     */
    public static RelationalMapping fromJson(byte[] json) {
        try {
            return MAPPER.readValue(json, RelationalMapping.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof LakeException lake) {
                throw lake;
            }
            throw new LakeException(
                    ErrorCode.CONFIGURATION,
                    "the mapping file is not valid: "
                            + e.getOriginalMessage().lines().findFirst().orElse("") + " " + where(e));
        } catch (IOException e) {
            throw new LakeException(ErrorCode.CONFIGURATION, "the mapping file cannot be read", e);
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : "(line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** The tables mapped to {@code resourceType}, the patient table included. */
    List<TableMapping> tablesOf(String resourceType) {
        return Stream.concat(Stream.of(patient), resources.stream())
                .filter(table -> table.resourceType().equals(resourceType))
                .toList();
    }

    static LakeException invalid(String detail) {
        return new LakeException(ErrorCode.CONFIGURATION, "mapping file: " + detail);
    }

    /**
     * One table mapped to one resource type.
     *
     * @param table the table (or {@code schema.table}) name
     * @param resourceType the FHIR R4 resource type its rows become
     * @param patientColumn the column holding the patient's id (for the patient table: its id column)
     * @param id SQL expression giving each row's resource id ({@code [A-Za-z0-9-.]}, at most 64)
     * @param securityLabels v3-ActCode labels (e.g. {@code PSY}) every row's resource carries in
     *     {@code meta.security}, so the tag mapping's sensitive overlays apply
     * @param fields how columns and constants fill the resource's elements, in order
     */
    public record TableMapping(
            @JsonProperty(value = "table", required = true) String table,
            @JsonProperty(value = "resource-type", required = true) String resourceType,
            @JsonProperty(value = "patient-column", required = true) String patientColumn,
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty("security-labels") List<String> securityLabels,
            @JsonProperty(value = "fields", required = true) List<FieldMapping> fields) {
        public TableMapping {
            if (!IDENTIFIER.matcher(table).matches()
                    || !IDENTIFIER.matcher(patientColumn).matches()) {
                throw invalid("table and patient-column must be SQL identifiers");
            }
            if (!TYPE.matcher(resourceType).matches()) {
                throw invalid("table " + table + ": resource-type is not a FHIR resource type");
            }
            if (id.isBlank() || id.length() > 500 || id.contains(";") || id.contains("--") || id.contains("/*")) {
                throw invalid("table " + table + ": id must be a short SQL expression without ; or comments");
            }
            securityLabels = securityLabels == null ? List.of() : List.copyOf(securityLabels);
            if (!securityLabels.stream().allMatch(label -> label.matches("[A-Z]{2,8}"))) {
                throw invalid("table " + table + ": security-labels must be v3-ActCode codes");
            }
            fields = List.copyOf(fields);
            patientColumn = patientColumn.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One resource element filled from a column or a constant.
     *
     * @param path dotted element path with list indexes, e.g. {@code code.coding[0].code}
     * @param column the column to read; null when {@code value} is given
     * @param value a constant; null when {@code column} is given
     * @param format how the column's value is written: {@code string} (default), {@code date},
     *     {@code dateTime}, {@code decimal}, {@code integer}, {@code boolean} or {@code reference}
     * @param target for {@code reference}: the resource type referred to ({@code Patient/<value>})
     * @param map replaces the column's value by the mapped one; a value not in it fails the row
     * @param when writes the element only when this condition on the row holds
     */
    public record FieldMapping(
            @JsonProperty(value = "path", required = true) String path,
            @JsonProperty("column") String column,
            @JsonProperty("value") String value,
            @JsonProperty("format") String format,
            @JsonProperty("target") String target,
            @JsonProperty("map") Map<String, String> map,
            @JsonProperty("when") Condition when) {
        private static final List<String> FORMATS =
                List.of("string", "date", "dateTime", "decimal", "integer", "boolean", "reference");
        private static final Pattern PATH =
                Pattern.compile("[a-z][A-Za-z]*(\\[\\d{1,3}])?(\\.[a-z][A-Za-z]*(\\[\\d{1,3}])?)*");

        public FieldMapping {
            if (!PATH.matcher(path).matches()) {
                throw invalid("field path '" + path + "' is not a FHIR element path");
            }
            if ((column == null) == (value == null)) {
                throw invalid("field " + path + ": give exactly one of column and value");
            }
            if (column != null && !IDENTIFIER.matcher(column).matches()) {
                throw invalid("field " + path + ": column must be an SQL identifier");
            }
            column = column == null ? null : column.toLowerCase(Locale.ROOT);
            format = format == null ? "string" : format;
            if (!FORMATS.contains(format)) {
                throw invalid("field " + path + ": unknown format " + format);
            }
            if (format.equals("reference")
                    && (target == null || !TYPE.matcher(target).matches())) {
                throw invalid("field " + path + ": a reference needs a target resource type");
            }
            map = map == null ? Map.of() : Map.copyOf(map);
        }

        Optional<Condition> condition() {
            return Optional.ofNullable(when);
        }

        Optional<String> columnName() {
            return Optional.ofNullable(column);
        }
    }

    /**
     * A condition on a row: the column is present (non-null) or absent, or equals a value.
     *
     * @param column the column tested
     * @param present true: the column is not null; false: it is null; null: not tested
     * @param equalsValue the column's text equals this; null: not tested
     */
    public record Condition(
            @JsonProperty(value = "column", required = true) String column,
            @JsonProperty("present") Boolean present,
            @JsonProperty("equals") String equalsValue) {
        public Condition {
            if (!IDENTIFIER.matcher(column).matches() || (present == null) == (equalsValue == null)) {
                throw invalid("a when-condition names a column and exactly one of present and equals");
            }
            column = column.toLowerCase(Locale.ROOT);
        }

        boolean holds(Map<String, Object> row) {
            Object actual = row.get(column);
            if (present != null) {
                return present == (actual != null);
            }
            return actual != null && RowMapper.text(actual).equals(equalsValue);
        }
    }
}
