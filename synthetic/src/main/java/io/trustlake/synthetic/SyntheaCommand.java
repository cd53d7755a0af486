package io.trustlake.synthetic;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The child JVM's command line for one Synthea run. */
final class SyntheaCommand {
    /**
     * Exporter settings: FHIR R4 transaction bundles (with conditional references to the hospital and
     * practitioner bundles, which are kept) and nothing else.
     */
    private static final List<String> EXPORTER_SETTINGS = List.of(
            "--exporter.fhir.export=true",
            "--exporter.fhir.transaction_bundle=true",
            "--exporter.fhir.bulk_data=false",
            "--exporter.hospital.fhir.export=true",
            "--exporter.practitioner.fhir.export=true",
            "--exporter.fhir_stu3.export=false",
            "--exporter.fhir_dstu2.export=false",
            "--exporter.hospital.fhir_stu3.export=false",
            "--exporter.hospital.fhir_dstu2.export=false",
            "--exporter.practitioner.fhir_stu3.export=false",
            "--exporter.practitioner.fhir_dstu2.export=false",
            "--exporter.groups.fhir.export=false",
            "--exporter.ccda.export=false",
            "--exporter.csv.export=false",
            "--exporter.cpcds.export=false",
            "--exporter.bfd.export=false",
            "--exporter.cdw.export=false",
            "--exporter.text.export=false",
            "--exporter.text.per_encounter_export=false",
            "--exporter.clinical_note.export=false",
            "--exporter.json.export=false",
            "--exporter.symptoms.csv.export=false",
            "--exporter.symptoms.text.export=false",
            "--exporter.metadata.export=false",
            "--exporter.enable_custom_exporters=false",
            "--exporter.split_records=false",
            "--exporter.use_uuid_filenames=false",
            "--exporter.subfolders_by_id_substring=false",
            "--exporter.pretty_print=false");

    private SyntheaCommand() {}

    /** The command that makes Synthea write its output under {@code baseDirectory}. */
    static List<String> of(SyntheaConfig config, Path baseDirectory) {
        List<String> command = new ArrayList<>();
        command.add(config.javaExecutable().toString());
        command.add("-Xmx" + config.maxHeap());
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(SyntheaClasspath.argument(config.classpath()));
        command.add("App");
        command.addAll(List.of("-s", Long.toString(config.seed())));
        command.addAll(List.of("-cs", Long.toString(config.seed())));
        command.addAll(List.of("-p", Integer.toString(config.population())));
        command.addAll(List.of("-r", config.referenceDate().format(DateTimeFormatter.BASIC_ISO_DATE)));
        command.add("--exporter.baseDirectory=" + baseDirectory.toAbsolutePath());
        command.add("--exporter.years_of_history=" + config.yearsOfHistory());
        command.addAll(EXPORTER_SETTINGS);
        command.add(config.state());
        return List.copyOf(command);
    }
}
