package io.trustlake.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * The HAPI FHIR R4 instance validator over the base R4 definitions and terminology (no packages
 * downloaded), built once because it is slow to build. Resources are validated as the JSON clients
 * receive, and nothing is filtered: every ERROR or FATAL message counts.
 */
final class FhirValidation {
    private static final Set<ResultSeverityEnum> SERIOUS = Set.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);
    private static FhirValidator validator;

    private FhirValidation() {}

    /** Validation messages at ERROR level or above for a JSON resource. */
    static List<String> errors(String json) {
        return messages(json).stream()
                .filter(m -> SERIOUS.contains(m.getSeverity()))
                .map(SingleValidationMessage::toString)
                .toList();
    }

    /** Every validation message, warnings and information included. */
    static synchronized List<SingleValidationMessage> messages(String json) {
        if (validator == null) {
            FhirContext context = FhirContext.forR4Cached();
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context));
            validator = context.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        }
        return validator.validateWithResult(json).getMessages();
    }
}
