package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one database row into a FHIR resource tree by a {@link RelationalMapping.TableMapping}.
 * Deterministic: the same row always gives the same tree (and so the same canonical bytes), which
 * is what lets {@link RelationalConnector#fetch} reproduce a catalogued resource. Stateless.
 */
final class RowMapper {
    private static final JsonNodeFactory NODES = FhirJson.MAPPER.getNodeFactory();
    private static final Pattern DOT = Pattern.compile("\\.");
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2}))?");

    private RowMapper() {}

    /** Why a row cannot be mapped; the message names the table and element, never a value. */
    static final class Unmappable extends Exception {
        private static final long serialVersionUID = 1L;

        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    static ObjectNode map(RelationalMapping.TableMapping table, String resourceId, Map<String, Object> row)
            throws Unmappable {
        ObjectNode resource = NODES.objectNode();
        resource.put("resourceType", table.resourceType());
        resource.put("id", resourceId);
        if (!table.securityLabels().isEmpty()) {
            ArrayNode security = resource.putObject("meta").putArray("security");
            for (String label : table.securityLabels()) {
                security.addObject().put("system", TagMapping.SECURITY_SYSTEM).put("code", label);
            }
        }
        for (RelationalMapping.FieldMapping field : table.fields()) {
            if (field.condition().map(condition -> condition.holds(row)).orElse(true)) {
                JsonNode value = value(table, field, row);
                if (value != null) {
                    set(resource, field.path(), value);
                }
            }
        }
        return resource;
    }

    private static JsonNode value(
            RelationalMapping.TableMapping table, RelationalMapping.FieldMapping field, Map<String, Object> row)
            throws Unmappable {
        if (field.columnName().isEmpty()) {
            return NODES.textNode(field.value());
        }
        String column = field.columnName().get();
        if (!row.containsKey(column)) {
            throw new Unmappable("table " + table.table() + " has no column " + column);
        }
        Object raw = row.get(column);
        if (raw == null) {
            return null;
        }
        Object mapped = raw;
        if (!field.map().isEmpty()) {
            mapped = field.map().get(text(raw));
            if (mapped == null) {
                throw new Unmappable("table " + table.table() + ", column " + column + ": a value is not in the map of "
                        + field.path());
            }
        }
        return format(table, field, mapped);
    }

    private static JsonNode format(
            RelationalMapping.TableMapping table, RelationalMapping.FieldMapping field, Object value)
            throws Unmappable {
        String where = "table " + table.table() + ", " + field.path() + ": ";
        try {
            return switch (field.format()) {
                case "date" -> NODES.textNode(date(value, where));
                case "dateTime" -> NODES.textNode(dateTime(value, where));
                case "decimal" ->
                    NODES.numberNode(
                            value instanceof BigDecimal d
                                    ? d
                                    : new BigDecimal(text(value).trim()));
                case "integer" -> NODES.numberNode(Long.parseLong(text(value).trim()));
                case "boolean" ->
                    NODES.booleanNode(
                            value instanceof Boolean b
                                    ? b
                                    : Boolean.parseBoolean(text(value).trim()));
                case "reference" -> NODES.objectNode().put("reference", field.target() + "/" + text(value));
                default -> NODES.textNode(text(value));
            };
        } catch (NumberFormatException e) {
            throw new Unmappable(where + "a value is not a number");
        }
    }

    private static String date(Object value, String where) throws Unmappable {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        String text = text(value).trim();
        if (text.length() >= 10 && DATE.matcher(text.substring(0, 10)).matches()) {
            return text.substring(0, 10);
        }
        throw new Unmappable(where + "a value is not a date");
    }

    private static String dateTime(Object value, String where) throws Unmappable {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof java.sql.Date || value instanceof LocalDate) {
            return date(value, where);
        }
        String text = text(value).trim();
        if (DATE_TIME.matcher(text).matches()) {
            return text;
        }
        throw new Unmappable(where + "a value is not a FHIR dateTime");
    }

    /** The text of a column value as the mapping compares and writes it. */
    static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static void set(ObjectNode resource, String path, JsonNode value) {
        String[] segments = DOT.split(path, -1);
        JsonNode node = resource;
        for (int i = 0; i < segments.length; i++) {
            Matcher segment = SEGMENT.matcher(segments[i]);
            segment.matches();
            String name = segment.group(1);
            boolean last = i == segments.length - 1;
            ObjectNode parent = (ObjectNode) node;
            if (segment.group(2) == null) {
                node = last ? parent.set(name, value) : child(parent, name);
            } else {
                ArrayNode array = parent.has(name) ? (ArrayNode) parent.get(name) : parent.putArray(name);
                int index = Integer.parseInt(segment.group(2));
                while (array.size() <= index) {
                    array.add(last ? NODES.nullNode() : NODES.objectNode());
                }
                if (last) {
                    array.set(index, value);
                }
                node = array.get(index);
            }
        }
    }

    private static JsonNode child(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        return existing instanceof ObjectNode ? existing : parent.putObject(name);
    }
}
