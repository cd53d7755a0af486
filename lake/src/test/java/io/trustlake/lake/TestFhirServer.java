package io.trustlake.lake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.trustlake.testkit.FreePorts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A real FHIR R4 server for tests: HAPI's plain {@link RestfulServer} on Jetty, on a free loopback
 * port, serving resources held in memory with {@code Patient/{id}/$everything}, {@code
 * {type}?patient=}, reads, and HAPI's own paging ({@code _getpages} next links). Also serves an
 * HTML page at {@code /html}, a page that answers too late at {@code /slow} and one that stalls
 * in the middle of its body at {@code /stall}.
 */
public final class TestFhirServer implements AutoCloseable {
    private final Server jetty;
    private final int port;
    private final Map<String, Resource> resources;
    private final List<String> requests;

    private TestFhirServer(Server jetty, int port, Map<String, Resource> resources, List<String> requests) {
        this.jetty = jetty;
        this.port = port;
        this.resources = resources;
        this.requests = requests;
    }

    /** Starts a server holding the Synthea-shaped test patient (Patient id {@value Fixtures#SOURCE_PATIENT_ID}). */
    public static TestFhirServer startWithFixture(int maxPageSize) throws Exception {
        return start(
                FhirContext.forR4Cached()
                        .newJsonParser()
                        .setOverrideResourceIdWithBundleEntryFullUrl(false)
                        .parseResource(Bundle.class, Fixtures.bundleText()),
                maxPageSize);
    }

    /** Starts a server holding the resources of {@code bundle}; pages hold at most {@code maxPageSize}. */
    static TestFhirServer start(Bundle bundle, int maxPageSize) throws Exception {
        Map<String, Resource> resources = new ConcurrentHashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            resources.put(resource.fhirType() + "/" + resource.getIdPart(), resource);
        }
        List<String> requests = new CopyOnWriteArrayList<>();
        int port = FreePorts.consecutive(1);
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new Fhir(resources, requests, maxPageSize)), "/fhir/*");
        context.addServlet(new ServletHolder(new Html()), "/html/*");
        context.addServlet(new ServletHolder(new Slow()), "/slow/*");
        context.addServlet(new ServletHolder(new Stalling()), "/stall/*");
        jetty.setHandler(context);
        jetty.start();
        return new TestFhirServer(jetty, port, resources, requests);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/fhir");
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every request the FHIR servlet received, as path plus query. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    void put(Resource resource) {
        resources.put(resource.fhirType() + "/" + resource.getIdPart(), resource);
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test FHIR server did not stop", e);
        }
    }

    private static final class Fhir extends RestfulServer {
        private static final long serialVersionUID = 1L;
        private final transient List<String> requests;

        Fhir(Map<String, Resource> resources, List<String> requests, int maxPageSize) {
            super(FhirContext.forR4Cached());
            this.requests = requests;
            FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
            paging.setDefaultPageSize(maxPageSize);
            paging.setMaximumPageSize(maxPageSize);
            setPagingProvider(paging);
            List<IResourceProvider> providers = new ArrayList<>();
            providers.add(new PatientProvider(resources));
            for (String type : List.of(
                    "Condition",
                    "Observation",
                    "DiagnosticReport",
                    "Encounter",
                    "MedicationRequest",
                    "Immunization",
                    "Claim",
                    "Provenance")) {
                providers.add(new TypeProvider(resources, type));
            }
            setResourceProviders(providers);
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws jakarta.servlet.ServletException, IOException {
            String query = request.getQueryString();
            requests.add(request.getRequestURI() + (query == null ? "" : "?" + query));
            super.service(request, response);
        }
    }

    /** Patient reads, {@code _id} searches and {@code $everything}. */
    public static final class PatientProvider implements IResourceProvider {
        private final Map<String, Resource> resources;

        PatientProvider(Map<String, Resource> resources) {
            this.resources = resources;
        }

        @Override
        public Class<Patient> getResourceType() {
            return Patient.class;
        }

        @Read
        public Patient read(@IdParam IdType id) {
            Resource patient = resources.get("Patient/" + id.getIdPart());
            if (patient == null) {
                throw new ResourceNotFoundException(id);
            }
            return (Patient) patient;
        }

        @Search
        public List<Patient> byId(@RequiredParam(name = "_id") TokenParam id) {
            Resource patient = resources.get("Patient/" + id.getValue());
            return patient == null ? List.of() : List.of((Patient) patient);
        }

        @Operation(name = "$everything", idempotent = true)
        public IBundleProvider everything(@IdParam IdType id) {
            read(id);
            List<IBaseResource> all = new ArrayList<>(resources.values());
            all.sort((a, b) -> key(a).compareTo(key(b)));
            return new SimpleBundleProvider(all);
        }
    }

    /** Reads and {@code patient=} searches of one resource type. */
    public static final class TypeProvider implements IResourceProvider {
        private final Map<String, Resource> resources;
        private final String type;

        TypeProvider(Map<String, Resource> resources, String type) {
            this.resources = resources;
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return FhirContext.forR4Cached().getResourceDefinition(type).getImplementingClass();
        }

        @Read
        public IBaseResource read(@IdParam IdType id) {
            Resource resource = resources.get(type + "/" + id.getIdPart());
            if (resource == null) {
                throw new ResourceNotFoundException(id);
            }
            return resource;
        }

        @Search
        public IBundleProvider byPatient(@RequiredParam(name = "patient") ReferenceParam patient) {
            List<IBaseResource> found = new ArrayList<>();
            resources.forEach((key, resource) -> {
                if (key.startsWith(type + "/")) {
                    found.add(resource);
                }
            });
            found.sort((a, b) -> key(a).compareTo(key(b)));
            return new SimpleBundleProvider(found);
        }
    }

    private static String key(IBaseResource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private static final class Html extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html");
            response.getOutputStream().write("<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends the headers and the start of a Bundle at once, then stalls. */
    private static final class Stalling extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/fhir+json");
            response.getOutputStream().write("{\"resourceType\":\"Bundle\",".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Slow extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.setContentType("application/fhir+json");
            response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        }
    }
}
