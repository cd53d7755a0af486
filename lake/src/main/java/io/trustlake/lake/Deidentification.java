package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a de-identified copy of one patient's FHIR R4 resources (the HIPAA "safe harbor" classes that
 * occur in clinical records, applied to JSON without the HAPI model):
 *
 * <ul>
 *   <li>removed everywhere: identifiers, names of people, addresses, telecom, photos, contacts,
 *       narrative ({@code text.div}), notes and comments, free-text strings ({@code valueString}),
 *       attached documents ({@code presentedForm}, attachment data and URLs), device serial and lot
 *       numbers, the display text of references (which names people and places), {@code
 *       meta.source}, {@code meta.profile} and {@code meta.versionId};
 *   <li>Patient keeps only gender, the year of birth (dropped from age 90), deceased, marital
 *       status, multiple birth, communication language and the US Core race, ethnicity and birth-sex
 *       extensions;
 *   <li>every full date, date-time and instant moves forward by the patient's own secret shift (1–365
 *       days, see {@link Pseudonyms#dayShift}), so intervals within the patient's history survive;
 *   <li>resource ids and references become keyed pseudonyms ({@link Pseudonyms}); every reference to
 *       the patient becomes the pseudonymous patient key; DICOM UIDs are replaced too; conditional
 *       and absolute references keep only their target type;
 *   <li>{@code meta.security} gains the {@code PSEUDED} (pseudonymised) label.
 * </ul>
 *
 * Stateless apart from its keys; thread-safe.
 */
final class Deidentification {
    static final String OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    static final String PSEUDONYMISED = "PSEUDED";
    private static final int OLDEST_AGE_SHOWN = 89;
    private static final Pattern FULL_DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})((T.*)?)");
    private static final Pattern RELATIVE = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9.-]{1,64})(/_history/.*)?");
    private static final Pattern CONDITIONAL = Pattern.compile("([A-Z][A-Za-z]+)\\?.*");
    private static final String URN_UUID = "urn:uuid:";
    /** The display left in a reference that had nothing but a (removed) display. */
    static final String WITHHELD = "withheld";

    private static final Set<String> DROPPED = Set.of(
            "identifier",
            "telecom",
            "address",
            "photo",
            "contact",
            "note",
            "comment",
            "presentedForm",
            "patientInstruction",
            "valueString",
            "valueAddress",
            "valueHumanName",
            "valueContactPoint",
            "valueIdentifier",
            "valueAttachment",
            "udiCarrier",
            "serialNumber",
            "lotNumber",
            "distinctIdentifier");
    private static final Set<String> PATIENT_FIELDS = Set.of(
            "resourceType",
            "id",
            "meta",
            "extension",
            "gender",
            "birthDate",
            "deceasedBoolean",
            "deceasedDateTime",
            "maritalStatus",
            "multipleBirthBoolean",
            "multipleBirthInteger",
            "communication");
    private static final Set<String> PATIENT_EXTENSIONS = Set.of(
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
            "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex");

    private final Pseudonyms pseudonyms;
    private final int currentYear;

    /** @param currentYear the year ages are computed in (from the lake's clock) */
    Deidentification(Pseudonyms pseudonyms, int currentYear) {
        this.pseudonyms = pseudonyms;
        this.currentYear = currentYear;
    }

    /** How references are written in the copy. */
    enum References {
        /** {@code urn:uuid:<pseudonym>}, resolved by the {@code fullUrl}s of a Bundle. */
        BUNDLE,
        /** {@code Type/<pseudonym>} where the target's type is known, for NDJSON files. */
        RELATIVE
    }

    /**
     * The de-identifier for one patient.
     *
     * @param patientId the Trustlake patient id
     * @param typesBySourceId resource type of each of the patient's source resource ids (from the
     *     catalog); ids of type Patient become the patient key
     */
    Subject subject(String patientId, Map<String, String> typesBySourceId, References references) {
        return new Subject(
                pseudonyms.patientKey(patientId), pseudonyms.dayShift(patientId), typesBySourceId, references);
    }

    /** De-identifies the resources of one patient. Not thread-safe; one per patient and thread. */
    final class Subject {
        private final String patientKey;
        private final int shift;
        private final Map<String, String> types;
        private final References references;

        private Subject(String patientKey, int shift, Map<String, String> types, References references) {
            this.patientKey = patientKey;
            this.shift = shift;
            this.types = types;
            this.references = references;
        }

        String patientKey() {
            return patientKey;
        }

        /** The pseudonymous id the resource with {@code sourceId} gets. */
        String idOf(String resourceType, String sourceId) {
            return "Patient".equals(resourceType) ? patientKey : pseudonyms.resourceId(sourceId);
        }

        /** A de-identified copy of {@code resource}; the argument is not changed. */
        ObjectNode copy(ObjectNode resource) {
            ObjectNode out = resource.deepCopy();
            String type = FhirJson.text(out, "resourceType");
            boolean patient = "Patient".equals(type);
            if (patient) {
                out.retain(PATIENT_FIELDS);
                keepPatientExtensions(out);
            }
            JsonNode meta = out.remove("meta");
            clean(out);
            out.put("id", idOf(type, FhirJson.text(resource, "id")));
            if (patient) {
                generaliseBirthDate(out);
            }
            ObjectNode rebuilt = FhirJson.MAPPER.createObjectNode();
            rebuilt.set("resourceType", out.remove("resourceType"));
            rebuilt.set("id", out.remove("id"));
            rebuilt.set("meta", meta(meta));
            rebuilt.setAll(out);
            return rebuilt;
        }

        private void keepPatientExtensions(ObjectNode patient) {
            JsonNode extensions = patient.get("extension");
            if (extensions instanceof ArrayNode array) {
                for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                    if (!PATIENT_EXTENSIONS.contains(FhirJson.text(it.next(), "url"))) {
                        it.remove();
                    }
                }
            }
        }

        private void generaliseBirthDate(ObjectNode patient) {
            String birthDate = FhirJson.text(patient, "birthDate");
            if (birthDate.length() < 4) {
                patient.remove("birthDate");
                return;
            }
            String year = birthDate.substring(0, 4);
            boolean numeric = year.chars().allMatch(Character::isDigit);
            if (!numeric || currentYear - Integer.parseInt(year) > OLDEST_AGE_SHOWN) {
                patient.remove("birthDate");
            } else {
                patient.put("birthDate", year);
            }
        }

        /** Cleans an object in place; returns whether anything is left in it. */
        private boolean clean(ObjectNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            boolean coding = node.has("code") || node.has("system");
            boolean attachment = node.has("contentType") || node.has("data");
            boolean hadDisplay = node.has("display") && !coding;
            for (String name : names) {
                JsonNode value = node.get(name);
                if (drops(name, value, coding, attachment)) {
                    node.remove(name);
                } else if (value.isTextual() && !name.equals("reference") && !name.equals("uid")) {
                    node.put(name, shift(value.textValue()));
                } else if (name.equals("reference")) {
                    rewriteReference(node);
                } else if (name.equals("uid") && node.get(name).isTextual()) {
                    node.put(name, pseudonyms.uid(node.get(name).textValue()));
                } else if (!keep(node.get(name))) {
                    node.remove(name);
                }
            }
            if (node.has("extension") || node.has("modifierExtension")) {
                dropEmptyExtensions(node, "extension");
                dropEmptyExtensions(node, "modifierExtension");
            }
            if (node.isEmpty() && hadDisplay) {
                node.put("display", WITHHELD);
            }
            return node.size() > 0;
        }

        private boolean drops(String name, JsonNode value, boolean coding, boolean attachment) {
            return DROPPED.contains(name)
                    || (name.equals("text") && value.isObject())
                    || (name.equals("name") && !value.isTextual())
                    || (name.equals("display") && !coding)
                    || (attachment && (name.equals("data") || name.equals("url") || name.equals("title")));
        }

        /** Cleans a value in place (objects, arrays, dates); returns whether it should stay. */
        private boolean keep(JsonNode value) {
            if (value instanceof ObjectNode object) {
                return clean(object);
            }
            if (value instanceof ArrayNode array) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    JsonNode element = array.get(i);
                    if (element.isTextual()) {
                        array.set(i, shifted(element.textValue()));
                    } else if (!keep(element)) {
                        array.remove(i);
                    }
                }
                return array.size() > 0;
            }
            return true;
        }

        private void dropEmptyExtensions(ObjectNode node, String field) {
            if (node.get(field) instanceof ArrayNode array) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    if (!hasValueOrChildren(array.get(i))) {
                        array.remove(i);
                    }
                }
                if (array.isEmpty()) {
                    node.remove(field);
                }
            }
        }

        private static boolean hasValueOrChildren(JsonNode extension) {
            for (Iterator<String> it = extension.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (name.startsWith("value") || name.equals("extension")) {
                    return true;
                }
            }
            return false;
        }

        /** Rewrites {@code node.reference}; a reference left empty becomes its type only. */
        private void rewriteReference(ObjectNode node) {
            JsonNode value = node.get("reference");
            String reference = value.isTextual() ? value.textValue() : "";
            if (reference.startsWith("#")) {
                return;
            }
            node.remove("reference");
            if (reference.startsWith(URN_UUID)) {
                String sourceId = reference.substring(URN_UUID.length());
                String type = types.getOrDefault(sourceId, "");
                String id = idOf(type, sourceId);
                node.put(
                        "reference",
                        references == References.RELATIVE && !type.isEmpty() ? type + "/" + id : URN_UUID + id);
                return;
            }
            Matcher relative = RELATIVE.matcher(reference);
            Matcher conditional = CONDITIONAL.matcher(reference);
            if (relative.matches()) {
                String type = relative.group(1);
                String id = idOf(type, relative.group(2));
                node.put("reference", references == References.RELATIVE ? type + "/" + id : URN_UUID + id);
            } else if (conditional.matches() && !node.has("type")) {
                node.put("type", conditional.group(1));
            }
        }

        private TextNode shifted(String text) {
            return TextNode.valueOf(shift(text));
        }

        /** A full date, date-time or instant moved by the patient's shift; anything else unchanged. */
        String shift(String text) {
            Matcher date = FULL_DATE.matcher(text);
            if (!date.matches()) {
                return text;
            }
            try {
                return LocalDate.parse(date.group(1)).plusDays(shift) + date.group(2);
            } catch (DateTimeParseException e) {
                return text;
            }
        }

        private ObjectNode meta(JsonNode source) {
            ObjectNode meta = FhirJson.MAPPER.createObjectNode();
            if (source != null && source.get("tag") instanceof ArrayNode tags) {
                meta.set("tag", tags.deepCopy());
            }
            ArrayNode security = meta.putArray("security");
            if (source != null && source.get("security") instanceof ArrayNode labels) {
                labels.forEach(label -> {
                    if (!PSEUDONYMISED.equals(FhirJson.text(label, "code"))) {
                        security.add(label.deepCopy());
                    }
                });
            }
            security.addObject()
                    .put("system", OBSERVATION_VALUE)
                    .put("code", PSEUDONYMISED)
                    .put("display", "pseudonymized");
            return meta;
        }
    }
}
