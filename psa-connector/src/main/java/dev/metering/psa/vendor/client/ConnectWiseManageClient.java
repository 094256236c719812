package dev.metering.psa.vendor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metering.psa.vendor.PsaClient;
import dev.metering.psa.vendor.PsaCredentials;
import dev.metering.psa.vendor.PsaException;
import dev.metering.psa.vendor.PsaSites;
import dev.metering.psa.config.PsaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * ConnectWise Manage's REST API ({@code /v4_6_release/apis/3.0}) as ConnectWise documents it: Basic auth
 * {@code companyId+publicKey:privateKey}, the {@code clientId} header, {@code conditions} and
 * {@code page}/{@code pageSize} on lists, JSON Patch-style operations for updates. A 429 is waited out
 * for its {@code Retry-After} (bounded by configuration).
 */
@ApplicationScoped
public class ConnectWiseManageClient implements PsaClient {

    public static final String API_PATH = "/v4_6_release/apis/3.0/";
    private static final Logger LOG = Logger.getLogger(ConnectWiseManageClient.class);
    private static final int MAX_PAGES = 1000;

    private final PsaConfig.Sync config;
    private final ObjectMapper mapper;
    private final HttpClient http;

    public ConnectWiseManageClient(PsaConfig config, ObjectMapper mapper) {
        this.config = config.sync();
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public List<Company> companies(PsaCredentials c) {
        List<Company> out = new ArrayList<>();
        for (JsonNode n : list(c, "company/companies", "deletedFlag=false")) {
            out.add(new Company(n.path("id").asLong(), n.path("identifier").asText(null), n.path("name").asText("")));
        }
        return out;
    }

    @Override
    public List<Agreement> agreements(PsaCredentials c, long companyId) {
        List<Agreement> out = new ArrayList<>();
        for (JsonNode n : list(c, "finance/agreements", "company/id=" + companyId)) {
            out.add(new Agreement(n.path("id").asLong(), n.path("name").asText(""), n.path("company").path("id")
                    .asLong(), n.path("cancelledFlag").asBoolean(false)));
        }
        return out;
    }

    @Override
    public List<Addition> additions(PsaCredentials c, long agreementId) {
        List<Addition> out = new ArrayList<>();
        for (JsonNode n : list(c, "finance/agreements/" + agreementId + "/additions", null)) {
            out.add(addition(n, agreementId));
        }
        return out;
    }

    @Override
    public Addition createAddition(PsaCredentials c, long agreementId, NewAddition a) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("product").put("id", a.productId());
        body.put("quantity", a.quantity());
        body.put("unitPrice", a.unitPrice());
        body.put("billCustomer", "Billable");
        body.put("effectiveDate", a.effectiveDate().atStartOfDay(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_INSTANT));
        body.put("description", a.description());
        body.put("agreementId", agreementId);
        JsonNode created = send(c, "POST", "finance/agreements/" + agreementId + "/additions", null, body);
        return addition(created, agreementId);
    }

    @Override
    public Addition updateAdditionQuantity(PsaCredentials c, long agreementId, long additionId, long quantity) {
        ArrayNode ops = mapper.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "quantity").put("value", quantity);
        JsonNode updated = send(c, "PATCH", "finance/agreements/" + agreementId + "/additions/" + additionId, null,
                ops);
        return addition(updated, agreementId);
    }

    @Override
    public Addition updateAddition(PsaCredentials c, long agreementId, long additionId, long quantity,
            String description) {
        ArrayNode ops = mapper.createArrayNode();
        ops.addObject().put("op", "replace").put("path", "quantity").put("value", quantity);
        ops.addObject().put("op", "replace").put("path", "description").put("value", description);
        JsonNode updated = send(c, "PATCH", "finance/agreements/" + agreementId + "/additions/" + additionId, null,
                ops);
        return addition(updated, agreementId);
    }

    @Override
    public Optional<CatalogItem> findCatalogItem(PsaCredentials c, String identifier) {
        for (JsonNode n : list(c, "procurement/catalog", "identifier=\"" + identifier.replace("\"", "\\\"") + "\"")) {
            if (identifier.equalsIgnoreCase(n.path("identifier").asText())) {
                return Optional.of(catalogItem(n));
            }
        }
        return Optional.empty();
    }

    @Override
    public CatalogItem createCatalogItem(PsaCredentials c, NewCatalogItem item) {
        if (item.subcategoryId() == null || item.typeId() == null) {
            throw new PsaException(400, "catalog item " + item.identifier() + " is missing in the PSA and the"
                    + " connection names no catalogSubcategoryId/catalogTypeId to create it under");
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("identifier", item.identifier());
        body.put("description", item.description());
        body.put("customerDescription", item.description());
        body.putObject("subcategory").put("id", item.subcategoryId());
        body.putObject("type").put("id", item.typeId());
        body.put("productClass", "NonInventory");
        body.put("price", item.price());
        return catalogItem(send(c, "POST", "procurement/catalog", null, body));
    }

    private static Addition addition(JsonNode n, long agreementId) {
        return new Addition(n.path("id").asLong(), n.path("agreementId").asLong(agreementId),
                n.path("product").path("id").asLong(), Math.round(n.path("quantity").asDouble()),
                n.hasNonNull("cancelledDate"), n.path("description").asText(""));
    }

    private static CatalogItem catalogItem(JsonNode n) {
        return new CatalogItem(n.path("id").asLong(), n.path("identifier").asText(), n.path("description").asText());
    }

    /** Every page of a list resource ({@code page} from 1, until a page comes back short). */
    private List<JsonNode> list(PsaCredentials c, String resource, String conditions) {
        List<JsonNode> out = new ArrayList<>();
        int size = config.pageSize();
        for (int page = 1; page <= MAX_PAGES; page++) {
            StringBuilder query = new StringBuilder("page=" + page + "&pageSize=" + size);
            if (conditions != null) {
                query.append("&conditions=").append(URLEncoder.encode(conditions, StandardCharsets.UTF_8)
                        .replace("+", "%20"));
            }
            JsonNode items = send(c, "GET", resource, query.toString(), null);
            if (!items.isArray()) {
                throw new PsaException(502, "PSA answered " + resource + " with a non-array body");
            }
            items.forEach(out::add);
            if (items.size() < size) {
                break;
            }
        }
        return out;
    }

    private JsonNode send(PsaCredentials c, String method, String resource, String query, JsonNode body) {
        URI base;
        try {
            base = PsaSites.baseUri(c.site(), config.allowLoopbackHttp());
        } catch (IllegalArgumentException e) {
            throw new PsaException(0, "site " + e.getMessage());
        }
        URI uri = URI.create(base + API_PATH + resource + (query == null ? "" : "?" + query));
        String auth = Base64.getEncoder().encodeToString((c.companyId() + "+" + c.publicKey() + ":" + c.privateKey())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Authorization", "Basic " + auth).header("clientId", c.clientId())
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(
                    body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = b.build();
        for (int throttled = 0;; throttled++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new PsaException(0, "PSA not reachable at " + base + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PsaException(0, "interrupted");
            }
            int status = response.statusCode();
            if (status == 429) {
                Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (throttled >= config.maxThrottledRetries() || wait.compareTo(config.maxRetryAfter()) > 0) {
                    throw new PsaException(429, errorText(response.body(), "rate limited")
                            + " (Retry-After " + wait.toSeconds() + "s)");
                }
                LOG.infof("PSA of partner %s rate-limited %s %s; waiting %d ms", c.partnerId(), method, resource,
                        wait.toMillis());
                sleep(wait);
                continue;
            }
            if (status / 100 != 2) {
                throw new PsaException(status, errorText(response.body(), "HTTP " + status));
            }
            try {
                return response.body() == null || response.body().isBlank() ? mapper.createObjectNode()
                        : mapper.readTree(response.body());
            } catch (IOException e) {
                throw new PsaException(502, "PSA answered " + resource + " with a body that is not JSON");
            }
        }
    }

    /** Retry-After as delta-seconds or an HTTP date; 1 s when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ofSeconds(1);
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(header.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return Duration.ofSeconds(1);
            }
        }
    }

    /** ConnectWise's error body is {@code {"code","message","errors":[{"code","message","resource","field"}]}}. */
    private String errorText(String body, String fallback) {
        if (body == null || body.isBlank()) {
            return fallback;
        }
        try {
            JsonNode n = mapper.readTree(body);
            StringBuilder text = new StringBuilder(n.path("message").asText(fallback));
            for (JsonNode e : n.path("errors")) {
                text.append("; ").append(e.path("field").asText("")).append(' ').append(e.path("message").asText());
            }
            return text.toString().trim();
        } catch (IOException e) {
            return body.length() > 300 ? body.substring(0, 300) : body;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsaException(0, "interrupted while waiting out a 429");
        }
    }
}
