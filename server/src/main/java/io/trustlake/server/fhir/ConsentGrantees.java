package io.trustlake.server.fhir;

import static io.trustlake.server.fhir.ConsentReading.require;
import static io.trustlake.server.fhir.ConsentReading.shown;

import io.trustlake.common.id.Ids;
import io.trustlake.contracts.rules.Grantee;
import io.trustlake.server.fhir.ConsentImport.Reason;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads the grantee of a nested provision: its one actor, with role IRCP, referring to a professional
 * ({@code Practitioner} with identifier {@value FhirCodes#USER_ID}), an organisation ({@code
 * Organization/{id}} or identifier {@value FhirCodes#ORGANISATION_ID}), or a department (a contained
 * {@code Organization} with identifier {@value FhirCodes#DEPARTMENT_ID}, or that identifier directly).
 */
final class ConsentGrantees {
    private ConsentGrantees() {}

    static Grantee grantee(Consent consent, Consent.ProvisionComponent provision, String path) {
        require(
                provision.getActor().size() == 1,
                Reason.ACTOR,
                path + ".actor: exactly one actor (the grantee) per nested provision, not "
                        + provision.getActor().size());
        Consent.provisionActorComponent actor = provision.getActor().get(0);
        require(
                ConsentReading.hasCoding(
                        actor.getRole(), FhirCodes.V3_PARTICIPATION_TYPE, FhirCodes.INFORMATION_RECIPIENT),
                Reason.ACTOR,
                path + ".actor[0].role: unknown actor role " + role(actor) + "; use " + FhirCodes.INFORMATION_RECIPIENT
                        + " from " + FhirCodes.V3_PARTICIPATION_TYPE);
        require(actor.hasReference(), Reason.ACTOR, path + ".actor[0].reference is required");
        return referred(consent, actor.getReference(), path + ".actor[0].reference");
    }

    private static Grantee referred(Consent consent, Reference reference, String path) {
        if (reference.hasReference() && reference.getReference().startsWith("#")) {
            return containedDepartment(consent, reference.getReference().substring(1), path);
        }
        String system = reference.hasIdentifier() ? reference.getIdentifier().getSystem() : "";
        if (FhirCodes.USER_ID.equals(system)) {
            return scoped(Grantee.Type.PROFESSIONAL, reference, "Practitioner", path);
        }
        if (FhirCodes.DEPARTMENT_ID.equals(system)) {
            return scoped(Grantee.Type.DEPARTMENT, reference, "Organization", path);
        }
        Optional<String> organisation = reference.hasReference() || FhirCodes.ORGANISATION_ID.equals(system)
                ? ConsentReading.organisationReference(reference, path, Reason.ACTOR)
                : Optional.empty();
        require(
                organisation.isPresent(),
                Reason.ACTOR,
                path + " must name a professional (identifier " + FhirCodes.USER_ID + "), a department (identifier "
                        + FhirCodes.DEPARTMENT_ID + " or a contained Organization) or an organisation"
                        + " (Organization/{id})");
        requireType(reference, "Organization", path);
        String id = organisation.orElseThrow();
        require(Ids.isOrganisationId(id), Reason.ACTOR, path + ": " + shown(id) + " is not an organisation id");
        return new Grantee(Grantee.Type.ORGANISATION, id);
    }

    private static Grantee scoped(Grantee.Type type, Reference reference, String resourceType, String path) {
        require(
                !reference.hasReference(),
                Reason.ACTOR,
                path + ": a " + type.json() + " is named by its identifier only, without a literal reference");
        requireType(reference, resourceType, path);
        String id = reference.getIdentifier().getValue();
        require(
                id != null && Ids.isScopedId(id),
                Reason.ACTOR,
                path + ".identifier: " + shown(id) + " is not a " + type.json() + " id (organisation:name)");
        return new Grantee(type, id);
    }

    private static void requireType(Reference reference, String resourceType, String path) {
        require(
                !reference.hasType() || resourceType.equals(reference.getType()),
                Reason.ACTOR,
                path + ".type must be " + resourceType + ", not " + shown(reference.getType()));
    }

    private static Grantee containedDepartment(Consent consent, String localId, String path) {
        Optional<Organization> found = consent.getContained().stream()
                .filter(r -> localId.equals(localId(r)))
                .filter(Organization.class::isInstance)
                .map(Organization.class::cast)
                .findFirst();
        require(found.isPresent(), Reason.ACTOR, path + ": no contained Organization with id " + shown(localId));
        Organization department = found.orElseThrow();
        String where = "Consent.contained[" + shown(localId) + "]";
        List<Identifier> ids = department.getIdentifier().stream()
                .filter(i -> FhirCodes.DEPARTMENT_ID.equals(i.getSystem()))
                .toList();
        require(
                ids.size() == 1
                        && ids.get(0).hasValue()
                        && Ids.isScopedId(ids.get(0).getValue()),
                Reason.ACTOR,
                where + " must have one identifier " + FhirCodes.DEPARTMENT_ID + " with a department id");
        String id = ids.get(0).getValue();
        if (department.hasPartOf()) {
            Optional<String> parent =
                    ConsentReading.organisationReference(department.getPartOf(), where + ".partOf", Reason.ACTOR);
            require(
                    parent.isPresent() && parent.orElseThrow().equals(Ids.organisationOf(id)),
                    Reason.ACTOR,
                    where + ".partOf must be the department's organisation " + shown(Ids.organisationOf(id)));
        }
        return new Grantee(Grantee.Type.DEPARTMENT, id);
    }

    private static String localId(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        return id != null && id.startsWith("#") ? id.substring(1) : id;
    }

    private static String role(Consent.provisionActorComponent actor) {
        return actor.getRole().getCoding().stream()
                .findFirst()
                .map(c -> shown(c.getSystem()) + "#" + shown(c.getCode()))
                .orElse("(none)");
    }
}
