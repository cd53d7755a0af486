package io.trustlake.lake;

import io.trustlake.common.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the FHIR R4 REST connector reads one server. {@code trustlake ingest} sets it from its
 * {@code --source-system}, {@code --fhir-server}, {@code --page-size}, {@code --max-pages} and
 * {@code --timeout-seconds} options.
 *
 * @param sourceSystem the {@link Source#system()} slug the server's resources are catalogued under
 * @param baseUrl the server's FHIR base, {@code http} or {@code https}, without query or fragment
 * @param pageSize {@code _count} asked per page, 1 to 1000; default {@value #DEFAULT_PAGE_SIZE}
 * @param maxPages pages followed per patient before the fetch is refused, 1 to 100,000; default
 *     {@value #DEFAULT_MAX_PAGES}
 * @param timeout per request: to connect, to the answer's headers, and again to read its body;
 *     default 30 s
 * @param searchTypes empty: one {@code Patient/{id}/$everything}; otherwise the Patient read plus
 *     one {@code {type}?patient={id}} search per listed type, for servers without {@code $everything}
 */
public record FhirServerConfig(
        String sourceSystem, URI baseUrl, int pageSize, int maxPages, Duration timeout, List<String> searchTypes) {
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_MAX_PAGES = 1000;
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");

    public FhirServerConfig {
        new Source(sourceSystem, sourceSystem); // refuses a system that is not a valid slug
        String scheme = baseUrl.getScheme();
        if (scheme == null
                || !(scheme.equals("http") || scheme.equals("https"))
                || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null) {
            throw new LakeException(ErrorCode.CONFIGURATION, "the FHIR server base URL must be http(s) without query");
        }
        if (pageSize < 1 || pageSize > 1000 || maxPages < 1 || maxPages > 100_000) {
            throw new LakeException(ErrorCode.CONFIGURATION, "page-size or max-pages out of range");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new LakeException(ErrorCode.CONFIGURATION, "timeout must be positive");
        }
        searchTypes = List.copyOf(searchTypes);
        if (!searchTypes.stream().allMatch(type -> TYPE.matcher(type).matches())) {
            throw new LakeException(ErrorCode.CONFIGURATION, "search-types must be FHIR resource type names");
        }
        String text = baseUrl.toString();
        baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** Defaults for everything but the source system and base URL. */
    public static FhirServerConfig of(String sourceSystem, URI baseUrl) {
        return new FhirServerConfig(
                sourceSystem, baseUrl, DEFAULT_PAGE_SIZE, DEFAULT_MAX_PAGES, Duration.ofSeconds(30), List.of());
    }

    public FhirServerConfig withPaging(int newPageSize, int newMaxPages) {
        return new FhirServerConfig(sourceSystem, baseUrl, newPageSize, newMaxPages, timeout, searchTypes);
    }

    public FhirServerConfig withTimeout(Duration newTimeout) {
        return new FhirServerConfig(sourceSystem, baseUrl, pageSize, maxPages, newTimeout, searchTypes);
    }

    public FhirServerConfig withSearchTypes(List<String> types) {
        return new FhirServerConfig(sourceSystem, baseUrl, pageSize, maxPages, timeout, types);
    }

    /** The lineage source of everything fetched from this server: its base URL. */
    Source source() {
        return new Source(sourceSystem, baseUrl.toString());
    }
}
