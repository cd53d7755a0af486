package io.trustlake.acceptance;

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

/** The HAPI FHIR R4 validator, built once (it is slow to build) and shared by the acceptance tests. */
final class FhirValidation {
    private static final Set<ResultSeverityEnum> SERIOUS = Set.of(ResultSeverityEnum.ERROR, ResultSeverityEnum.FATAL);
    private static FhirValidator validator;

    private FhirValidation() {}

    /** Validation messages at ERROR level or above for a JSON resource. */
    static synchronized List<String> errors(String json) {
        if (validator == null) {
            FhirContext context = FhirContext.forR4Cached();
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context));
            FhirInstanceValidator instance = new FhirInstanceValidator(chain);
            instance.setErrorForUnknownProfiles(false);
            validator = context.newValidator().registerValidatorModule(instance);
        }
        return validator.validateWithResult(json).getMessages().stream()
                .filter(m -> SERIOUS.contains(m.getSeverity()))
                .map(SingleValidationMessage::toString)
                .toList();
    }
}
