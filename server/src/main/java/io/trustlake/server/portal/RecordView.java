package io.trustlake.server.portal;

import static io.trustlake.server.http.Pages.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustlake.common.encoding.Json;
import io.trustlake.contracts.Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders an SPHR Bundle as readable sections, one per record tag. */
public final class RecordView {
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("demographics", "About the patient"),
            Map.entry("allergies", "Allergies"),
            Map.entry("medications", "Medications"),
            Map.entry("conditions", "Conditions"),
            Map.entry("lab-results", "Lab results"),
            Map.entry("vital-signs", "Vital signs"),
            Map.entry("imaging", "Imaging"),
            Map.entry("procedures", "Procedures"),
            Map.entry("immunizations", "Immunisations"),
            Map.entry("encounters", "Visits"),
            Map.entry("care-plans", "Care plans"),
            Map.entry("documents", "Documents and notes"),
            Map.entry("devices", "Devices"),
            Map.entry("billing", "Billing and insurance"),
            Map.entry("mental-health", "Mental health"),
            Map.entry("sexual-health", "Sexual health"),
            Map.entry("substance-use", "Substance use"),
            Map.entry("genetics", "Genetics"));
    /** Sections in the order a clinician reads a record: who, then what matters most for care. */
    private static final List<String> READING_ORDER = List.of(
            "demographics",
            "allergies",
            "conditions",
            "medications",
            "immunizations",
            "lab-results",
            "vital-signs",
            "procedures",
            "encounters",
            "care-plans",
            "imaging",
            "documents",
            "devices",
            "mental-health",
            "sexual-health",
            "substance-use",
            "genetics",
            "billing");

    private static final int MAX_ROWS = 200;

    private RecordView() {}

    public static String title(String tag) {
        return TITLES.getOrDefault(tag, tag);
    }

    /** The titles of {@code tags}, in the same order. */
    static List<String> titles(List<String> tags) {
        return tags.stream().map(RecordView::title).toList();
    }

    /** {@code tags} ordered as a reader looks for them: alphabetically by title. */
    static List<String> byTitle(List<String> tags) {
        return tags.stream()
                .sorted(java.util.Comparator.comparing(RecordView::title))
                .toList();
    }

    /** The record as HTML sections with a table of contents. */
    public static String render(byte[] bundle) {
        Map<String, List<JsonNode>> sections = sections(Json.tree(bundle));
        StringBuilder html = new StringBuilder("<nav class=\"toc\"><strong>Sections:</strong> ");
        sections.forEach((tag, rows) -> html.append("<a href=\"#s-")
                .append(esc(tag))
                .append("\">")
                .append(esc(title(tag)))
                .append(" (")
                .append(rows.size())
                .append(")</a> "));
        html.append("</nav>");
        sections.forEach((tag, rows) -> html.append(section(tag, rows)));
        if (sections.isEmpty()) {
            html.append("<p>The record is empty for the sections released.</p>");
        }
        return html.toString();
    }

    private static Map<String, List<JsonNode>> sections(JsonNode bundle) {
        Map<String, List<JsonNode>> byTag = new LinkedHashMap<>();
        READING_ORDER.forEach(tag -> byTag.put(tag, new ArrayList<>()));
        Tags.DEFAULT.forEach(tag -> byTag.putIfAbsent(tag, new ArrayList<>()));
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String tag = primaryTag(resource);
            if (!tag.isEmpty()) {
                byTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(resource);
            }
        }
        byTag.values().removeIf(List::isEmpty);
        return byTag;
    }

    /** A sensitive overlay tag wins, so such resources are grouped where the patient expects them. */
    private static String primaryTag(JsonNode resource) {
        String first = "";
        for (JsonNode tag : resource.path("meta").path("tag")) {
            if ("urn:trustlake:tag".equals(tag.path("system").asText())) {
                String code = tag.path("code").asText();
                if (List.of("mental-health", "sexual-health", "substance-use", "genetics")
                        .contains(code)) {
                    return code;
                }
                first = first.isEmpty() ? code : first;
            }
        }
        return first;
    }

    private static String section(String tag, List<JsonNode> rows) {
        StringBuilder html =
                new StringBuilder("<section class=\"record-section\" id=\"s-" + esc(tag) + "\"><h2>" + esc(title(tag))
                        + "</h2><table><thead><tr><th>Date</th><th>What</th><th>Details</th></tr></thead><tbody>");
        rows.stream()
                .sorted((a, b) -> date(b).compareTo(date(a)))
                .limit(MAX_ROWS)
                .forEach(r -> html.append("<tr><td>")
                        .append(esc(date(r)))
                        .append("</td><td>")
                        .append(esc(what(r)))
                        .append("</td><td>")
                        .append(esc(details(r)))
                        .append("</td></tr>"));
        html.append("</tbody></table>");
        if (rows.size() > MAX_ROWS) {
            html.append("<p class=\"note\">Showing the newest ")
                    .append(MAX_ROWS)
                    .append(" of ")
                    .append(rows.size())
                    .append(".</p>");
        }
        return html.append("</section>").toString();
    }

    static String date(JsonNode r) {
        for (String field : List.of(
                "effectiveDateTime",
                "onsetDateTime",
                "authoredOn",
                "occurrenceDateTime",
                "recordedDate",
                "issued",
                "date",
                "birthDate",
                "started")) {
            if (r.hasNonNull(field)) {
                return r.get(field)
                        .asText()
                        .substring(0, Math.min(10, r.get(field).asText().length()));
            }
        }
        for (String field : List.of("period", "performedPeriod", "billablePeriod", "effectivePeriod")) {
            if (r.path(field).hasNonNull("start")) {
                return r.path(field)
                        .get("start")
                        .asText()
                        .substring(
                                0,
                                Math.min(10, r.path(field).get("start").asText().length()));
            }
        }
        return "";
    }

    static String what(JsonNode r) {
        String type = r.path("resourceType").asText();
        if ("Patient".equals(type)) {
            JsonNode name = r.path("name").path(0);
            return (name.path("given").path(0).asText("") + " "
                            + name.path("family").asText(""))
                    .trim();
        }
        for (String field : List.of("code", "medicationCodeableConcept", "vaccineCode", "type", "category")) {
            JsonNode concept = r.path(field).isArray() ? r.path(field).path(0) : r.path(field);
            String text = concept.path("text")
                    .asText(concept.path("coding").path(0).path("display").asText(""));
            if (!text.isEmpty()) {
                return text;
            }
        }
        return words(type);
    }

    /** "MedicationRequest" reads "Medication request". */
    static String words(String resourceType) {
        String spaced = resourceType.replaceAll("(?<=[a-z])(?=[A-Z])", " ");
        return spaced.isEmpty()
                ? spaced
                : spaced.charAt(0) + spaced.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    static String details(JsonNode r) {
        String type = r.path("resourceType").asText();
        JsonNode quantity = r.path("valueQuantity");
        if (!quantity.isMissingNode()) {
            return quantity.path("value").asText() + " " + quantity.path("unit").asText("");
        }
        if ("Patient".equals(type)) {
            return r.path("gender").asText("") + ", born " + r.path("birthDate").asText("?");
        }
        String status = r.path("clinicalStatus")
                .path("coding")
                .path(0)
                .path("code")
                .asText(r.path("status").asText(""));
        return words(type) + (status.isEmpty() ? "" : " · " + status);
    }
}
