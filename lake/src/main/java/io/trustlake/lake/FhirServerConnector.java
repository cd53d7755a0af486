package io.trustlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustlake.common.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Stage-1 connector for a FHIR R4 REST server: fetches one patient's record by paged search
 * ({@code Patient/{id}/$everything?_count=n}, or the Patient read plus {@code
 * {type}?patient={id}&_count=n} per configured type), following each page's {@code link[next]}
 * within the configured page bound, and ingests it as one delivery: all or nothing. An unreachable
 * server, a timeout, an error status, an answer that is not a FHIR JSON Bundle, a next link to
 * another server or too many pages refuse the delivery with a precise {@link IngestReport.Rejected}
 * and leave the lake untouched.
 *
 * <p>Lineage: source system from the configuration, source name = the base URL, source id = the
 * resource's id on the server; {@link #fetch} re-reads {@code {base}/{type}/{id}}. Thread-safe.
 */
public final class FhirServerConnector implements SourceFetcher {
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirServerConfig config;
    private final HttpClient http;
    private final long maxBytes;

    private FhirServerConnector(FhirServerConfig config, HttpClient http, long maxBytes) {
        this.config = config;
        this.http = http;
        this.maxBytes = maxBytes;
    }

    /** A connector whose deliveries are bounded by {@code maxBytes} (use the lake's bundle limit). */
    public static FhirServerConnector open(FhirServerConfig config, long maxBytes) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new FhirServerConnector(config, http, maxBytes);
    }

    @Override
    public String sourceSystem() {
        return config.sourceSystem();
    }

    /** Fetches patient {@code patientId}'s record from the server and ingests it into {@code lake}. */
    public IngestReport ingestPatient(Lake lake, String patientId) {
        Collected collected = collect(patientId);
        if (collected instanceof Collected.Refused refused) {
            return refused.report();
        }
        return lake.ingest(
                config.source(), ((Collected.Delivery) collected).bundle().toBytes());
    }

    /** A patient's record as fetched: a delivery ready to ingest, or the reason there is none. */
    sealed interface Collected {
        record Delivery(SourceBundle bundle, int pages) implements Collected {}

        record Refused(IngestReport.Rejected report) implements Collected {}
    }

    Collected collect(String patientId) {
        if (!ID.matcher(patientId).matches()) {
            return refuse(RejectionReason.UNKNOWN_PATIENT, "the patient id is not a valid FHIR id");
        }
        SourceBundle bundle = new SourceBundle();
        int pages = 0;
        for (URI start : starts(patientId)) {
            URI next = start;
            boolean first = true;
            while (next != null) {
                if (++pages > config.maxPages()) {
                    return refuse(
                            RejectionReason.SOURCE_LIMIT_EXCEEDED,
                            "the server has more than " + config.maxPages() + " pages for the patient");
                }
                Page page = page(next, first);
                first = false;
                if (page instanceof Page.Failed failed) {
                    return new Collected.Refused(failed.report());
                }
                Page.Read read = (Page.Read) page;
                Collected refused = addAll(bundle, read.bundle());
                if (refused != null) {
                    return refused;
                }
                next = read.next();
            }
        }
        return new Collected.Delivery(bundle, pages);
    }

    private List<URI> starts(String patientId) {
        String base = config.baseUrl().toString();
        String count = "_count=" + config.pageSize();
        if (config.searchTypes().isEmpty()) {
            return List.of(URI.create(base + "/Patient/" + patientId + "/$everything?" + count));
        }
        List<URI> starts = new ArrayList<>();
        starts.add(URI.create(base + "/Patient?_id=" + patientId));
        String patient = URLEncoder.encode("Patient/" + patientId, StandardCharsets.UTF_8);
        for (String type : config.searchTypes()) {
            starts.add(URI.create(base + "/" + type + "?patient=" + patient + "&" + count));
        }
        return starts;
    }

    private Collected addAll(SourceBundle bundle, JsonNode page) {
        for (JsonNode entry : page.path("entry")) {
            JsonNode resource = entry.get("resource");
            if (!(resource instanceof ObjectNode object)
                    || "outcome".equals(entry.path("search").path("mode").asText())
                    || "OperationOutcome".equals(FhirJson.text(resource, "resourceType"))) {
                continue;
            }
            String fullUrl = FhirJson.text(entry, "fullUrl");
            bundle.add(fullUrl.isEmpty() ? config.baseUrl() + "/" + resourcePath(object) : fullUrl, object);
            if (bundle.approximateBytes() > maxBytes) {
                return refuse(
                        RejectionReason.SOURCE_LIMIT_EXCEEDED,
                        "the patient's record on the server exceeds " + maxBytes + " bytes");
            }
        }
        return null;
    }

    private static String resourcePath(JsonNode resource) {
        return FhirJson.text(resource, "resourceType") + "/" + FhirJson.text(resource, "id");
    }

    /** One page of a search: its bundle and the next page's URL, or why it cannot be used. */
    private sealed interface Page {
        record Read(JsonNode bundle, URI next) implements Page {}

        record Failed(IngestReport.Rejected report) implements Page {}
    }

    private Page page(URI uri, boolean first) {
        Answer answer = get(uri);
        if (answer instanceof Answer.Failed failed) {
            return new Page.Failed(rejected(failed.reason(), failed.detail()));
        }
        Answer.Body body = (Answer.Body) answer;
        if (first && (body.status() == 404 || body.status() == 410)) {
            return new Page.Failed(rejected(
                    RejectionReason.UNKNOWN_PATIENT,
                    "the server does not know the patient (HTTP " + body.status() + ")"));
        }
        if (body.status() != 200) {
            return new Page.Failed(rejected(RejectionReason.SOURCE_ERROR, "the server answered HTTP " + body.status()));
        }
        JsonNode bundle = body.json();
        if (!"Bundle".equals(FhirJson.text(bundle, "resourceType"))) {
            return new Page.Failed(rejected(RejectionReason.NOT_FHIR, "the server's answer is not a FHIR Bundle"));
        }
        return nextLink(bundle);
    }

    private Page nextLink(JsonNode bundle) {
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(FhirJson.text(link, "relation"))) {
                URI next;
                try {
                    next = URI.create(FhirJson.text(link, "url"));
                } catch (IllegalArgumentException e) {
                    return new Page.Failed(rejected(RejectionReason.NOT_FHIR, "the next-page link is not a URL"));
                }
                if (!sameServer(next)) {
                    return new Page.Failed(
                            rejected(RejectionReason.SOURCE_ERROR, "the next-page link leads to another server"));
                }
                return new Page.Read(bundle, next);
            }
        }
        return new Page.Read(bundle, null);
    }

    private boolean sameServer(URI uri) {
        URI base = config.baseUrl();
        return Objects.equals(uri.getScheme(), base.getScheme())
                && Objects.equals(uri.getHost(), base.getHost())
                && uri.getPort() == base.getPort();
    }

    /** What one GET brought back: a JSON answer with its status, or a failure to get one. */
    private sealed interface Answer {
        record Body(int status, JsonNode json) implements Answer {}

        record Failed(RejectionReason reason, String detail) implements Answer {}
    }

    private Answer get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Accept", "application/fhir+json")
                .GET()
                .build();
        AtomicBoolean late = new AtomicBoolean();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                // The request timeout covers the headers; a body that stalls is cut off after the
                // same time again by closing the stream under the reading thread.
                CompletableFuture.delayedExecutor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> closeLate(in, late));
                return answer(response, in);
            }
        } catch (IOException e) {
            if (!late.get() && !(e instanceof HttpTimeoutException)) {
                return new Answer.Failed(
                        RejectionReason.SOURCE_UNREACHABLE,
                        "the server cannot be reached: " + e.getClass().getSimpleName());
            }
            return new Answer.Failed(
                    RejectionReason.SOURCE_UNREACHABLE,
                    "the server did not answer within " + config.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException(ErrorCode.INTERNAL, "fetching from the FHIR server was interrupted", e);
        }
    }

    private static void closeLate(InputStream in, AtomicBoolean late) {
        late.set(true);
        try {
            in.close();
        } catch (IOException e) {
            // Closing only interrupts a read in progress; a failure to close changes nothing.
        }
    }

    private Answer answer(HttpResponse<InputStream> response, InputStream in) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/fhir+json") && !type.startsWith("application/json")) {
            return new Answer.Failed(
                    RejectionReason.NOT_FHIR,
                    "the server answered HTTP " + response.statusCode() + " with content type '"
                            + type.replaceAll("[^a-z0-9/+.;= -]", "") + "', not FHIR JSON");
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            return new Answer.Failed(
                    RejectionReason.SOURCE_LIMIT_EXCEEDED,
                    "a page of the server is larger than " + maxBytes + " bytes");
        }
        try {
            return new Answer.Body(response.statusCode(), FhirJson.MAPPER.readTree(body));
        } catch (IOException e) {
            return new Answer.Failed(RejectionReason.NOT_FHIR, "the server's answer is not valid JSON");
        }
    }

    @Override
    public Fetched fetch(String resourceType, Lineage lineage) {
        if (!lineage.source().equals(config.source())) {
            return new Fetched.Unavailable("the lineage names another source");
        }
        String id = lineage.sourceResourceId();
        if (!TYPE.matcher(resourceType).matches() || !ID.matcher(id).matches()) {
            return new Fetched.NotFound("not a FHIR type and id");
        }
        Answer answer = get(URI.create(config.baseUrl() + "/" + resourceType + "/" + id));
        if (answer instanceof Answer.Failed failed) {
            return new Fetched.Unavailable(failed.detail());
        }
        Answer.Body body = (Answer.Body) answer;
        if (body.status() == 404 || body.status() == 410) {
            return new Fetched.NotFound("the server no longer holds " + resourceType + "/" + id);
        }
        if (body.status() != 200 || !(body.json() instanceof ObjectNode resource)) {
            return new Fetched.Unavailable("the server answered HTTP " + body.status());
        }
        return new Fetched.Found(SourceBundle.canonical(resource));
    }

    private Collected.Refused refuse(RejectionReason reason, String detail) {
        return new Collected.Refused(rejected(reason, detail));
    }

    private IngestReport.Rejected rejected(RejectionReason reason, String detail) {
        return new IngestReport.Rejected(config.source(), reason, detail);
    }
}
