package io.trustlake.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one patient's per-hospital bundles, {@code <out>/<hospital>/<patientId>.json}: FHIR
 * Bundles of type {@code collection} whose first entry is the (enrolled) Patient, followed by the
 * hospital's entries in their original order. Entries keep their {@code fullUrl} and resource
 * verbatim; {@code request}/{@code response} are dropped, as a collection may not carry them.
 *
 * <p>A share is written to a hidden temporary file and renamed into place by {@link #commit()};
 * {@link #close()} without a commit deletes what was written. Not thread-safe.
 */
final class HospitalShares implements AutoCloseable {
    static final String PARTIAL_SUFFIX = ".partial";

    private final Path outputDirectory;
    private final String patientId;
    private final ObjectNode patientEntry;
    private final Map<String, Share> shares = new LinkedHashMap<>();
    private boolean committed;

    HospitalShares(Path outputDirectory, String patientId, ObjectNode patientEntry) {
        this.outputDirectory = outputDirectory;
        this.patientId = patientId;
        this.patientEntry = patientEntry;
    }

    /** Appends {@code entry} to {@code hospital}'s share, starting the share if needed. */
    void add(String hospital, ObjectNode entry) {
        entry.remove("request");
        entry.remove("response");
        share(hospital).write(entry);
    }

    /** Starts {@code hospital}'s share (with the Patient) even if no other entry goes there. */
    void open(String hospital) {
        share(hospital);
    }

    /**
     * Finishes every share and moves it into place.
     *
     * @return the number of entries (Patient included) per hospital that received a share, in the
     *     order the shares were started
     */
    Map<String, Integer> commit() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Share> share : shares.entrySet()) {
            share.getValue().finish();
            counts.put(share.getKey(), share.getValue().entries);
        }
        for (Map.Entry<String, Share> share : shares.entrySet()) {
            FileTrees.moveReplacing(share.getValue().partial, finalPath(share.getKey()));
        }
        committed = true;
        return counts;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Share share : shares.values()) {
            share.abandon();
        }
    }

    static String fileName(String patientId) {
        return patientId + ".json";
    }

    private Path finalPath(String hospital) {
        return outputDirectory.resolve(hospital).resolve(fileName(patientId));
    }

    private Share share(String hospital) {
        Share share = shares.get(hospital);
        if (share == null) {
            share = new Share(outputDirectory.resolve(hospital).resolve("." + fileName(patientId) + PARTIAL_SUFFIX));
            shares.put(hospital, share);
            share.start();
            share.write(patientEntry);
        }
        return share;
    }

    /** One hospital's bundle being written. */
    private static final class Share {
        private final Path partial;
        private final JsonGenerator generator;
        private int entries;

        Share(Path partial) {
            this.partial = partial;
            try {
                this.generator = FhirJson.MAPPER.createGenerator(partial.toFile(), JsonEncoding.UTF8);
            } catch (IOException e) {
                throw FileTrees.failure("cannot create " + partial, e);
            }
        }

        void start() {
            try {
                generator.writeStartObject();
                generator.writeStringField("resourceType", "Bundle");
                generator.writeStringField("type", "collection");
                generator.writeArrayFieldStart("entry");
            } catch (IOException e) {
                throw FileTrees.failure("cannot write " + partial, e);
            }
        }

        void write(ObjectNode entry) {
            try {
                FhirJson.MAPPER.writeTree(generator, entry);
                entries++;
            } catch (IOException e) {
                throw FileTrees.failure("cannot write " + partial, e);
            }
        }

        void finish() {
            try (JsonGenerator closing = generator) {
                closing.writeEndArray();
                closing.writeEndObject();
            } catch (IOException e) {
                throw FileTrees.failure("cannot finish " + partial, e);
            }
        }

        void abandon() {
            try {
                generator.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                throw FileTrees.failure("cannot delete " + partial, e);
            }
        }
    }
}
