package io.trustlake.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@link SourceFetcher} of bundle files ({@link Lake#ingestFile}, {@link Lake#ingestDirectory}):
 * the lineage's source name is the file's absolute path, so a resource is fetched again by reading
 * that file and cutting out the entry with the same type and id, byte for byte. Reads only files
 * that are still there and within the size limit. Thread-safe.
 */
public final class BundleFileFetcher implements SourceFetcher {
    private final String sourceSystem;
    private final long maxBytes;

    public BundleFileFetcher(String sourceSystem, long maxBytes) {
        this.sourceSystem = sourceSystem;
        this.maxBytes = maxBytes;
    }

    @Override
    public String sourceSystem() {
        return sourceSystem;
    }

    @Override
    public Fetched fetch(String resourceType, Lineage lineage) {
        Fetched file = fetchDelivery(lineage);
        if (!(file instanceof Fetched.Found found)) {
            return file;
        }
        byte[] bundle = found.json();
        if (!(BundleScanner.scan(bundle) instanceof BundleScanner.Outcome.Scanned scanned)) {
            return new Fetched.Unavailable("the bundle file is no longer valid JSON");
        }
        for (ScannedEntry entry : scanned.entries()) {
            if (entry.resourceType().equals(resourceType) && entry.resourceId().equals(lineage.sourceResourceId())) {
                return new Fetched.Found(Arrays.copyOfRange(bundle, entry.offset(), entry.offset() + entry.length()));
            }
        }
        return new Fetched.NotFound("the bundle file no longer holds the resource");
    }

    /** The bundle file itself, as ingested: its bytes are the raw object of the delivery. */
    @Override
    public Fetched fetchDelivery(Lineage lineage) {
        if (!lineage.source().system().equals(sourceSystem)) {
            return new Fetched.Unavailable("the lineage names another source");
        }
        Path file = Path.of(lineage.source().name());
        try {
            if (!Files.isRegularFile(file)) {
                return new Fetched.NotFound("the bundle file is gone");
            }
            if (Files.size(file) > maxBytes) {
                return new Fetched.Unavailable("the bundle file is larger than " + maxBytes + " bytes");
            }
            return new Fetched.Found(Files.readAllBytes(file));
        } catch (IOException e) {
            return new Fetched.Unavailable("the bundle file cannot be read");
        }
    }
}
