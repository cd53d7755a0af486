package io.trustlake.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trustlake.auth.AccountRegistration;
import io.trustlake.auth.NewAccount;
import io.trustlake.auth.Role;
import io.trustlake.common.crypto.Randomness;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.synthetic.Manifest;
import io.trustlake.synthetic.ManifestPatient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The demo's accounts: per hospital an admin and two professionals in each of two departments; a
 * researcher at the research centre; one patient account per synthetic patient at the hospital
 * holding most of their data. Passwords are random and written, with everything a script needs,
 * to {@code demo-accounts.json}. Created once; later starts read the file.
 */
public final class DemoAccounts {
    /** One demo account as written to {@code demo-accounts.json}. */
    public record DemoAccount(
            String username,
            String password,
            String role,
            String organisation,
            String department,
            String patientId,
            String displayName,
            String secondFactorSecret,
            String portal) {}

    private record Staff(String org, String username, String name, Role role, String department) {}

    private static final List<Staff> STAFF = List.of(
            new Staff("hosp-es", "admin", "Administración ES", Role.ADMIN, ""),
            new Staff("hosp-es", "dr.garcia", "Dr. Lucía García", Role.PROFESSIONAL, "cardiology"),
            new Staff("hosp-es", "nurse.martinez", "Nurse Pablo Martínez", Role.PROFESSIONAL, "cardiology"),
            new Staff("hosp-es", "dr.ruiz", "Dr. Javier Ruiz", Role.PROFESSIONAL, "emergency"),
            new Staff("hosp-es", "nurse.sanchez", "Nurse Elena Sánchez", Role.PROFESSIONAL, "emergency"),
            new Staff("hosp-es", "dr.ortega", "Dr. Marta Ortega", Role.PROFESSIONAL, "cardiology"),
            new Staff("hosp-es", "auditor", "Auditoría ES", Role.AUDITOR, ""),
            new Staff("hosp-nl", "admin", "Beheer NL", Role.ADMIN, ""),
            new Staff("hosp-nl", "dr.devries", "Dr. Sanne de Vries", Role.PROFESSIONAL, "oncology"),
            new Staff("hosp-nl", "nurse.jansen", "Nurse Daan Jansen", Role.PROFESSIONAL, "oncology"),
            new Staff("hosp-nl", "dr.bakker", "Dr. Emma Bakker", Role.PROFESSIONAL, "general-medicine"),
            new Staff("hosp-nl", "nurse.visser", "Nurse Lars Visser", Role.PROFESSIONAL, "general-medicine"),
            new Staff("research-se", "admin", "Administration SE", Role.ADMIN, ""),
            new Staff("research-se", "dr.lindqvist", "Dr. Karin Lindqvist", Role.RESEARCHER, "epidemiology"));

    /** Demo accounts that sign in with a TOTP code; their secret is written to the accounts file. */
    private static final Set<String> WITH_TOTP = Set.of("hosp-es:dr.ortega");

    private DemoAccounts() {}

    /** Reads the accounts file, or creates every account and writes it. */
    public static List<DemoAccount> ensure(Consortium consortium, Manifest manifest, Progress progress) {
        Path file = consortium.layout().demoAccounts();
        if (Files.exists(file)) {
            return read(file);
        }
        List<DemoAccount> accounts = new ArrayList<>();
        for (Staff staff : STAFF) {
            accounts.add(register(consortium, staff));
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < manifest.patients().size(); i++) {
            accounts.add(registerPatient(consortium, manifest.patients().get(i), taken));
            progress.step(i + 1, manifest.patients().size(), "patient accounts");
        }
        write(file, accounts);
        return accounts;
    }

    private static DemoAccount register(Consortium consortium, Staff staff) {
        List<String> departments =
                staff.department().isEmpty() ? List.of() : List.of(staff.org() + ":" + staff.department());
        String password = newPassword();
        registration(consortium, staff.org())
                .register(
                        NewAccount.staff(staff.org(), staff.username(), staff.name(), staff.role(), departments),
                        password);
        String userId = staff.org() + ":" + staff.username();
        String secret = WITH_TOTP.contains(userId)
                ? consortium
                        .node(staff.org())
                        .services()
                        .auth()
                        .enrolment()
                        .provisionTotp(userId)
                        .secret()
                : "";
        return new DemoAccount(
                staff.username(),
                password,
                staff.role().name(),
                staff.org(),
                departments.isEmpty() ? "" : departments.get(0),
                "",
                staff.name(),
                secret,
                portal(consortium, staff.org()));
    }

    private static DemoAccount registerPatient(Consortium consortium, ManifestPatient patient, Set<String> taken) {
        String home = patient.resourceCounts().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(patient.hospitals().get(0));
        String username = unique(slug(patient.given()) + "." + slug(patient.family()), taken);
        String name = clean(patient.given()) + " " + clean(patient.family());
        String password = newPassword();
        registration(consortium, home)
                .register(NewAccount.patient(home, username, name, patient.patientId()), password);
        return new DemoAccount(
                username,
                password,
                Role.PATIENT.name(),
                home,
                "",
                patient.patientId(),
                name,
                "",
                portal(consortium, home));
    }

    private static AccountRegistration registration(Consortium consortium, String organisation) {
        NodeRuntime node = consortium.node(organisation);
        return new AccountRegistration(
                node.services().accounts(), node.hasher(), node.services().clock());
    }

    private static String portal(Consortium consortium, String organisation) {
        return DemoConsortium.endpoint("localhost", consortium.config().basePort(), organisation) + "/login";
    }

    private static String newPassword() {
        return "tl-" + Randomness.token(10);
    }

    /** Synthea appends digits to names (e.g. "Maria123"); people do not have them. */
    static String clean(String name) {
        return name.replaceAll("[0-9]", "");
    }

    static String slug(String name) {
        String ascii = Normalizer.normalize(clean(name), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return slug.isEmpty() ? "patient" : slug;
    }

    private static String unique(String base, Set<String> taken) {
        String candidate = base;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = base + n;
        }
        return candidate;
    }

    private static void write(Path file, List<DemoAccount> accounts) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".accounts", ".tmp");
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.write(temp, Json.canonical().writerWithDefaultPrettyPrinter().writeValueAsBytes(accounts));
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.STORAGE_FAILURE, "cannot write demo-accounts.json", e);
        }
    }

    public static List<DemoAccount> read(Path file) {
        try {
            return Json.canonical().readValue(file.toFile(), new TypeReference<List<DemoAccount>>() {});
        } catch (IOException e) {
            throw new TrustlakeException(ErrorCode.CONFIGURATION, "demo-accounts.json is unreadable", e);
        }
    }
}
