package io.trustlake.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagMappingTest {
    private final TagMapping mapping = TagMapping.defaults();

    private ResourceTags tag(String json) {
        return mapping.tag(json.getBytes(UTF_8));
    }

    private static String coded(String type, String system, String code) {
        return "{\"resourceType\":\"" + type + "\",\"id\":\"x\",\"code\":{\"coding\":[{\"system\":\"" + system
                + "\",\"code\":\"" + code + "\"}]}}";
    }

    private static String categorised(String type, String system, String code) {
        return "{\"resourceType\":\"" + type + "\",\"id\":\"x\",\"category\":[{\"coding\":[{\"system\":\"" + system
                + "\",\"code\":\"" + code + "\"}]}]}";
    }

    @Test
    void defaultTagsAreTheTableOfTheDesign() {
        assertThat(TagMapping.defaultTags())
                .containsExactly(
                        "allergies",
                        "billing",
                        "care-plans",
                        "conditions",
                        "demographics",
                        "devices",
                        "documents",
                        "encounters",
                        "genetics",
                        "imaging",
                        "immunizations",
                        "lab-results",
                        "medications",
                        "mental-health",
                        "procedures",
                        "sexual-health",
                        "substance-use",
                        "vital-signs");
    }

    @Test
    void resourceTypesMapToTheirSection() {
        assertThat(tag("{\"resourceType\":\"Patient\",\"id\":\"x\"}").tags()).containsExactly("demographics");
        assertThat(tag("{\"resourceType\":\"Goal\",\"id\":\"x\"}").tags()).containsExactly("care-plans");
        assertThat(tag("{\"resourceType\":\"Coverage\",\"id\":\"x\"}").tags()).containsExactly("billing");
        assertThat(tag("{\"resourceType\":\"Medication\",\"id\":\"x\"}").tags()).containsExactly("medications");
    }

    @Test
    void observationsAreTaggedByCategoryAndOtherCategoriesGetNoTag() {
        String system = "http://terminology.hl7.org/CodeSystem/observation-category";
        assertThat(tag(categorised("Observation", system, "laboratory")).tags()).containsExactly("lab-results");
        assertThat(tag(categorised("Observation", system, "vital-signs")).tags())
                .containsExactly("vital-signs");
        assertThat(tag(categorised("Observation", system, "imaging")).tags()).containsExactly("imaging");
        assertThat(tag(categorised("Observation", system, "survey")).tags()).isEmpty();
    }

    @Test
    void diagnosticReportsAreLabImagingOrDocuments() {
        String v2 = "http://terminology.hl7.org/CodeSystem/v2-0074";
        assertThat(tag(categorised("DiagnosticReport", v2, "LAB")).tags()).containsExactly("lab-results");
        assertThat(tag(categorised("DiagnosticReport", v2, "RAD")).tags()).containsExactly("imaging");
        assertThat(tag(categorised("DiagnosticReport", "http://loinc.org", "LP29684-5"))
                        .tags())
                .containsExactly("imaging");
        assertThat(tag(categorised("DiagnosticReport", "http://loinc.org", "34117-2"))
                        .tags())
                .containsExactly("documents");
    }

    @Test
    void unknownResourceTypesGetNoTag() {
        assertThat(tag("{\"resourceType\":\"Provenance\",\"id\":\"x\"}").tags()).isEmpty();
        assertThat(tag("{\"resourceType\":\"SupplyDelivery\",\"id\":\"x\"}").tags())
                .isEmpty();
    }

    @Test
    void sensitiveCodesAddAnOverlayTagAndSecurityLabel() {
        ResourceTags depression = tag(coded("Condition", "http://snomed.info/sct", "370143000"));
        assertThat(depression.tags()).containsExactly("conditions", "mental-health");
        assertThat(depression.securityLabels()).containsExactly("PSY");

        assertThat(tag(coded("Condition", "http://snomed.info/sct", "86406008")).tags())
                .containsExactly("conditions", "sexual-health");
        assertThat(tag(coded("Condition", "http://snomed.info/sct", "5602001")).securityLabels())
                .containsExactly("ETH");
        assertThat(tag("{\"resourceType\":\"MedicationRequest\",\"id\":\"x\",\"medicationCodeableConcept\":"
                                + "{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\","
                                + "\"code\":\"807283\"}]}}")
                        .tags())
                .containsExactly("medications", "sexual-health");
    }

    @Test
    void icd10CodesMatchByPrefix() {
        assertThat(tag(coded("Condition", "http://hl7.org/fhir/sid/icd-10-cm", "F32.9"))
                        .tags())
                .containsExactly("conditions", "mental-health");
        assertThat(tag(coded("Condition", "http://hl7.org/fhir/sid/icd-10", "F10.20"))
                        .tags())
                .containsExactly("conditions", "substance-use");
        assertThat(tag(coded("Condition", "http://hl7.org/fhir/sid/icd-10", "J01.90"))
                        .tags())
                .containsExactly("conditions");
    }

    @Test
    void geneticTestObservationsAreLabResultsWithGeneticsOverlay() {
        String json = "{\"resourceType\":\"Observation\",\"id\":\"x\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"81247-9\"}]}}";
        ResourceTags tags = tag(json);
        assertThat(tags.tags()).containsExactly("genetics", "lab-results");
        assertThat(tags.securityLabels()).containsExactly("GDIS");
    }

    @Test
    void anExistingSecurityLabelFromTheSourceAddsItsOverlay() {
        String json = "{\"resourceType\":\"Procedure\",\"id\":\"x\",\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"SEX\"}]}}";
        assertThat(tag(json).tags()).containsExactly("procedures", "sexual-health");
    }

    @Test
    void aSensitiveResourceWithoutBaseTagGetsNoTagAtAll() {
        String phq9 = "{\"resourceType\":\"Observation\",\"id\":\"x\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"survey\"}]}],"
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]}}";
        ResourceTags tags = tag(phq9);
        assertThat(tags.tags()).isEmpty();
        assertThat(tags.securityLabels()).containsExactly("PSY");
    }

    @Test
    void codesInsideNarrativeOrMetaDoNotCount() {
        String json = "{\"resourceType\":\"Condition\",\"id\":\"x\",\"meta\":{\"tag\":[{\"system\":"
                + "\"http://snomed.info/sct\",\"code\":\"370143000\"}]},\"code\":{\"coding\":[{\"system\":"
                + "\"http://snomed.info/sct\",\"code\":\"444814009\"}]}}";
        assertThat(tag(json).tags()).containsExactly("conditions");
    }
}
