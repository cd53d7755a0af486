package io.trustlake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DeidentificationPropertiesTest {
    private static final KeyEncryptionKey KEY = KeyEncryptionKey.generate();
    private static final String PATIENT_ID = "p-abcdefghijkmnpqrstuvwxyz23";
    private static final String SOURCE_PATIENT = "6f2c4b1e-8d3a-4c5e-9f1a-2b3c4d5e6f70";
    private static final String SOURCE_OBSERVATION = "a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a53";

    /** What identifies the generated patient. */
    record Person(
            String given,
            String family,
            String line,
            String city,
            String postalCode,
            String phone,
            String identifier,
            String maidenName,
            LocalDate birthDate,
            int daysAfterBirth) {}

    @Provide
    Arbitrary<Person> people() {
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(8).ofMaxLength(16);
        Arbitrary<String> digits =
                Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(12);
        Arbitrary<LocalDate> births = Arbitraries.integers()
                .between(0, 100 * 365)
                .map(days -> LocalDate.of(1925, 1, 1).plusDays(days));
        return Combinators.combine(
                        Combinators.combine(words, words, words, words).as(List::of),
                        Combinators.combine(digits, digits, digits).as(List::of),
                        births,
                        Arbitraries.integers().between(0, 20_000))
                .as((w, d, birth, after) -> new Person(
                        w.get(0),
                        w.get(1),
                        w.get(2) + " Street",
                        w.get(3),
                        d.get(0),
                        d.get(1),
                        d.get(2),
                        w.get(0) + w.get(3),
                        birth,
                        after));
    }

    private static ObjectNode patient(Person person) {
        ObjectNode patient = FhirJson.MAPPER.createObjectNode();
        patient.put("resourceType", "Patient").put("id", SOURCE_PATIENT);
        patient.putObject("text").put("status", "generated").put("div", "<div>" + person.given() + "</div>");
        patient.putArray("extension")
                .add(FhirJson.MAPPER
                        .createObjectNode()
                        .put("url", "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName")
                        .put("valueString", person.maidenName()))
                .addObject()
                .put("url", "http://hl7.org/fhir/StructureDefinition/patient-birthPlace")
                .putObject("valueAddress")
                .put("city", person.city());
        patient.putArray("identifier")
                .addObject()
                .put("system", "urn:oid:2.16.840.1.113883.4.1")
                .put("value", person.identifier());
        ObjectNode name = patient.putArray("name").addObject().put("family", person.family());
        name.putArray("given").add(person.given());
        patient.putArray("telecom").addObject().put("system", "phone").put("value", person.phone());
        patient.put("gender", "female").put("birthDate", person.birthDate().toString());
        ObjectNode address = patient.putArray("address").addObject();
        address.putArray("line").add(person.line());
        address.put("city", person.city()).put("postalCode", person.postalCode());
        ObjectNode contact = patient.putArray("contact").addObject();
        contact.putObject("name").put("text", person.maidenName());
        return patient;
    }

    private static ObjectNode observation(Person person) {
        ObjectNode observation = FhirJson.MAPPER.createObjectNode();
        observation
                .put("resourceType", "Observation")
                .put("id", SOURCE_OBSERVATION)
                .put("status", "final");
        observation.putArray("identifier").addObject().put("value", person.identifier());
        observation.putObject("code").put("text", "weight");
        observation
                .putObject("subject")
                .put("reference", "urn:uuid:" + SOURCE_PATIENT)
                .put("display", person.given() + " " + person.family());
        observation.put("effectiveDateTime", person.birthDate().plusDays(person.daysAfterBirth()) + "T10:00:00Z");
        observation.put("issued", person.birthDate().plusDays(person.daysAfterBirth() + 3L) + "T10:00:00.000Z");
        observation.putArray("note").addObject().put("text", person.family() + " felt well");
        observation.putObject("performer").put("display", "Dr. " + person.maidenName());
        return observation;
    }

    private static Deidentification.Subject subject() {
        return new Deidentification(Pseudonyms.of(KEY, "research-se"), 2026)
                .subject(
                        PATIENT_ID,
                        Map.of(SOURCE_PATIENT, "Patient", SOURCE_OBSERVATION, "Observation"),
                        Deidentification.References.BUNDLE);
    }

    @Property(tries = 300)
    void noIdentifyingValueSurvivesDeIdentification(@ForAll("people") Person person) {
        Deidentification.Subject subject = subject();
        String copies = new String(FhirJson.write(subject.copy(patient(person))), StandardCharsets.UTF_8)
                + new String(FhirJson.write(subject.copy(observation(person))), StandardCharsets.UTF_8);

        assertThat(copies)
                .doesNotContain(
                        person.given(),
                        person.family(),
                        person.line(),
                        person.city(),
                        person.postalCode(),
                        person.phone(),
                        person.identifier(),
                        person.maidenName(),
                        person.birthDate().toString(),
                        SOURCE_PATIENT,
                        SOURCE_OBSERVATION,
                        PATIENT_ID);
    }

    @Property(tries = 300)
    void datesMoveTogetherAndTheBirthDateKeepsOnlyItsYear(@ForAll("people") Person person) {
        Deidentification.Subject subject = subject();
        ObjectNode patient = subject.copy(patient(person));
        ObjectNode observation = subject.copy(observation(person));

        LocalDate effective =
                LocalDate.parse(observation.get("effectiveDateTime").asText().substring(0, 10));
        LocalDate issued = LocalDate.parse(observation.get("issued").asText().substring(0, 10));
        long shift = ChronoUnit.DAYS.between(person.birthDate().plusDays(person.daysAfterBirth()), effective);
        assertThat(shift).isBetween(1L, (long) Pseudonyms.MAX_SHIFT_DAYS);
        assertThat(ChronoUnit.DAYS.between(effective, issued)).isEqualTo(3);
        int shiftedYear = person.birthDate().plusDays(shift).getYear();
        if (2026 - shiftedYear > 89) {
            assertThat(patient.has("birthDate")).isFalse();
        } else {
            assertThat(patient.get("birthDate").asText()).isEqualTo(String.valueOf(shiftedYear));
        }
        assertThat(observation.get("subject").get("reference").asText())
                .isEqualTo("urn:uuid:" + patient.get("id").asText());
        assertThat(observation.has("identifier")).isFalse();
        assertThat(observation.has("note")).isFalse();
        assertThat(observation.get("performer").get("display").asText()).isEqualTo(Deidentification.WITHHELD);
    }
}
