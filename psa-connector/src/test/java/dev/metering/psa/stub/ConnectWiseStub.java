package dev.metering.psa.stub;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process WireMock contract stub of ConnectWise Manage's REST API. It enforces what the published
 * documentation says a client must send (paths under {@code /v4_6_release/apis/3.0}, Basic auth
 * {@code companyId+publicKey:privateKey}, the {@code clientId} header, {@code conditions} and
 * {@code page}/{@code pageSize}, the Addition / CatalogItem / PatchOperation shapes) and answers anything else
 * with 400/401/404 in ConnectWise's error shape {@code {"code","message","errors":[...]}}. It keeps state
 * (companies, agreements, additions, catalog items), so idempotency and reconciliation are really tested.
 */
public final class ConnectWiseStub implements ResponseDefinitionTransformerV2 {

    public static final String BASE = "/v4_6_release/apis/3.0/";
    public static final String COMPANY_ID = "metering_demo";
    public static final String PUBLIC_KEY = "pubKey5QBrF9Eobs";
    public static final String PRIVATE_KEY = "privKeygNfvfMdPxIAP";
    public static final String CLIENT_ID = "5ad6a7f2-0c7b-4a1c-9d47-3f0a5b0e1c11";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BILL_CUSTOMER = Set.of("Billable", "DoNotBill", "NoCharge");
    private static final Set<String> ADDITION_FIELDS = Set.of("id", "product", "quantity", "lessIncluded",
            "unitPrice", "unitCost", "billCustomer", "effectiveDate", "cancelledDate", "taxableFlag", "serialNumber",
            "invoiceDescription", "purchaseItemFlag", "specialOrderFlag", "agreementId", "description", "uom");
    private static final Set<String> CATALOG_FIELDS = Set.of("id", "identifier", "description", "inactiveFlag",
            "subcategory", "type", "productClass", "serializedFlag", "unitOfMeasure", "price", "cost", "taxableFlag",
            "customerDescription", "manufacturer", "manufacturerPartNumber", "vendor", "vendorSku", "notes",
            "integrationXRef", "category");
    private static final Set<String> PRODUCT_CLASSES = Set.of("Agreement", "Bundle", "Inventory", "NonInventory",
            "Service");
    private static final Pattern ADDITIONS = Pattern.compile("finance/agreements/(\\d+)/additions");
    private static final Pattern ADDITION = Pattern.compile("finance/agreements/(\\d+)/additions/(\\d+)");

    private static ConnectWiseStub instance;

    private final WireMockServer server;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<Long, ObjectNode> companies = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> agreements = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> additions = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> catalog = new LinkedHashMap<>();
    private int throttleNext;
    private int retryAfterSeconds;
    private boolean revoked;
    private int loseAnswerOfAdditionPost;

    private ConnectWiseStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(this));
        server.start();
        // one catch-all mapping: every request reaches the contract below
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    /** The one stub of this test JVM (WireMock starts once; tests use their own companies and partners). */
    public static synchronized ConnectWiseStub get() {
        if (instance == null) {
            instance = new ConnectWiseStub();
        }
        return instance;
    }

    @Override
    public String getName() {
        return "connectwise-manage-contract";
    }

    public String site() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    // ---- test set-up and inspection ----

    public synchronized long addCompany(String name) {
        long id = ids.incrementAndGet();
        ObjectNode c = JSON.createObjectNode().put("id", id).put("identifier", name.replaceAll("\\W", "") + id)
                .put("name", name);
        c.putObject("status").put("id", 1).put("name", "Active");
        companies.put(id, c);
        return id;
    }

    public synchronized long addAgreement(long companyId, String name) {
        long id = ids.incrementAndGet();
        ObjectNode a = JSON.createObjectNode().put("id", id).put("name", name);
        a.putObject("type").put("id", 1).put("name", "Managed Services");
        a.putObject("company").put("id", companyId).put("identifier", companies.get(companyId).get("identifier")
                .asText()).put("name", companies.get(companyId).get("name").asText());
        a.put("cancelledFlag", false);
        agreements.put(id, a);
        return id;
    }

    /** Quantity per catalog item identifier on the agreement (not cancelled additions). */
    public synchronized Map<String, Long> quantities(long agreementId) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ObjectNode a : additions.values()) {
            if (a.get("agreementId").asLong() == agreementId && !a.hasNonNull("cancelledDate")) {
                out.merge(a.get("product").get("identifier").asText(), a.get("quantity").asLong(), Long::sum);
            }
        }
        return out;
    }

    public synchronized List<ObjectNode> additions(long agreementId) {
        return additions.values().stream().filter(a -> a.get("agreementId").asLong() == agreementId)
                .map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<String> catalogIdentifiers() {
        return catalog.values().stream().map(c -> c.get("identifier").asText()).toList();
    }

    /** Someone edits an addition's quantity in the PSA's own UI. */
    public synchronized void editQuantity(long additionId, long quantity) {
        additions.get(additionId).put("quantity", quantity);
    }

    public synchronized void throttleNext(int requests, int retryAfterSeconds) {
        this.throttleNext = requests;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The {@code nth} addition POST from now on is applied, but its answer never reaches the client (the
     * connection is reset): what the connector sees when it dies right after the PSA took a write.
     */
    public synchronized void loseAnswerOfAdditionPost(int nth) {
        this.loseAnswerOfAdditionPost = nth;
    }

    /** The API member's keys are revoked (every request answers 401) or restored. */
    public synchronized void revokeKeys(boolean revoked) {
        this.revoked = revoked;
    }

    /** Requests served so far whose method and path (after the base) match. */
    public long count(String method, Predicate<String> path) {
        return server.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals(method))
                .filter(e -> path.test(pathOf(e.getRequest()))).count();
    }

    public long countStatus(int status) {
        return server.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status).count();
    }

    // ---- the contract ----

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request r = event.getRequest();
        String url = r.getUrl();
        if (!url.startsWith(BASE)) {
            return error(404, "NotFound", "resource not found: " + url);
        }
        if (revoked) {
            return error(401, "Unauthorized", "The API member's keys are no longer valid (revoked)");
        }
        String auth = r.getHeader("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((COMPANY_ID + "+" + PUBLIC_KEY + ":"
                + PRIVATE_KEY).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            return error(401, "Unauthorized", "Basic authentication with companyId+publicKey:privateKey required");
        }
        if (!CLIENT_ID.equals(r.getHeader("clientId"))) {
            return error(400, "InvalidObject", "clientId header is missing or unknown");
        }
        if (throttleNext > 0) {
            throttleNext--;
            return ResponseDefinitionBuilder.responseDefinition().withStatus(429)
                    .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded\"}").build();
        }
        String path = pathOf(r);
        String method = r.getMethod().getName();
        try {
            return route(method, path, r);
        } catch (BadRequest e) {
            return error(400, "InvalidObject", e.getMessage());
        }
    }

    private ResponseDefinition route(String method, String path, Request r) {
        Matcher one = ADDITION.matcher(path);
        Matcher list = ADDITIONS.matcher(path);
        if (path.equals("company/companies") && method.equals("GET")) {
            return page(r, companies.values(), Map.of("deletedFlag", v -> v.equals("false")));
        } else if (path.equals("finance/agreements") && method.equals("GET")) {
            return page(r, agreements.values(), Map.of());
        } else if (list.matches() && method.equals("GET")) {
            long agreementId = Long.parseLong(list.group(1));
            if (!agreements.containsKey(agreementId)) {
                return error(404, "NotFound", "Agreement " + agreementId + " not found");
            }
            return page(r, additions.values().stream().filter(a -> a.get("agreementId").asLong() == agreementId)
                    .toList(), Map.of());
        } else if (list.matches() && method.equals("POST")) {
            ResponseDefinition created = createAddition(Long.parseLong(list.group(1)), r);
            if (loseAnswerOfAdditionPost > 0 && --loseAnswerOfAdditionPost == 0) {
                return ResponseDefinitionBuilder.responseDefinition()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
            }
            return created;
        } else if (one.matches() && method.equals("PATCH")) {
            return patchAddition(Long.parseLong(one.group(1)), Long.parseLong(one.group(2)), r);
        } else if (path.equals("procurement/catalog") && method.equals("GET")) {
            return page(r, catalog.values(), Map.of());
        } else if (path.equals("procurement/catalog") && method.equals("POST")) {
            return createCatalogItem(r);
        }
        return error(404, "NotFound", method + " " + path + " is not a resource of this API");
    }

    private ResponseDefinition createAddition(long agreementId, Request r) {
        if (!agreements.containsKey(agreementId)) {
            return error(404, "NotFound", "Agreement " + agreementId + " not found");
        }
        ObjectNode body = jsonObject(r);
        unknownFields(body, ADDITION_FIELDS);
        JsonNode product = body.path("product");
        if (!product.path("id").isIntegralNumber()) {
            throw new BadRequest("product: product {id} is required");
        }
        ObjectNode item = catalog.get(product.get("id").asLong());
        if (item == null) {
            throw new BadRequest("product: catalog item " + product.get("id").asLong() + " does not exist");
        }
        if (!body.path("billCustomer").isTextual() || !BILL_CUSTOMER.contains(body.get("billCustomer").asText())) {
            throw new BadRequest("billCustomer: must be one of " + BILL_CUSTOMER);
        }
        if (body.has("quantity") && (!body.get("quantity").isNumber() || body.get("quantity").asDouble() < 0)) {
            throw new BadRequest("quantity: must be a number >= 0");
        }
        if (body.has("unitPrice") && !body.get("unitPrice").isNumber()) {
            throw new BadRequest("unitPrice: must be a number");
        }
        date(body, "effectiveDate");
        if (body.has("agreementId") && body.get("agreementId").asLong() != agreementId) {
            throw new BadRequest("agreementId: does not match the agreement in the path");
        }
        long id = ids.incrementAndGet();
        ObjectNode a = body.deepCopy();
        a.put("id", id).put("agreementId", agreementId);
        a.putObject("product").put("id", item.get("id").asLong()).put("identifier", item.get("identifier").asText());
        if (!a.has("quantity")) {
            a.put("quantity", 0);
        }
        additions.put(id, a);
        return json(201, a);
    }

    private ResponseDefinition patchAddition(long agreementId, long additionId, Request r) {
        ObjectNode a = additions.get(additionId);
        if (a == null || a.get("agreementId").asLong() != agreementId) {
            return error(404, "NotFound", "Addition " + additionId + " not found on agreement " + agreementId);
        }
        JsonNode ops = json(r);
        if (!ops.isArray() || ops.isEmpty()) {
            throw new BadRequest("body must be an array of PatchOperation {op, path, value}");
        }
        ObjectNode changed = a.deepCopy();
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            String field = op.path("path").asText().replaceFirst("^/", "");
            if (!Set.of("replace", "add", "remove").contains(kind) || !ADDITION_FIELDS.contains(field)
                    || Set.of("id", "agreementId").contains(field)) {
                throw new BadRequest("PatchOperation op/path invalid: " + op);
            }
            if (field.equals("quantity") && (!op.path("value").isNumber() || op.get("value").asDouble() < 0)) {
                throw new BadRequest("quantity: must be a number >= 0");
            }
            changed.set(field, op.get("value"));
        }
        additions.put(additionId, changed);
        return json(200, changed);
    }

    private ResponseDefinition createCatalogItem(Request r) {
        ObjectNode body = jsonObject(r);
        unknownFields(body, CATALOG_FIELDS);
        for (String f : List.of("identifier", "description")) {
            if (!body.path(f).isTextual() || body.get(f).asText().isBlank()) {
                throw new BadRequest(f + ": is required");
            }
        }
        for (String f : List.of("subcategory", "type")) {
            if (!body.path(f).path("id").isIntegralNumber()) {
                throw new BadRequest(f + ": {id} is required");
            }
        }
        if (body.has("productClass") && !PRODUCT_CLASSES.contains(body.get("productClass").asText())) {
            throw new BadRequest("productClass: must be one of " + PRODUCT_CLASSES);
        }
        String identifier = body.get("identifier").asText();
        if (catalog.values().stream().anyMatch(c -> c.get("identifier").asText().equalsIgnoreCase(identifier))) {
            throw new BadRequest("identifier: " + identifier + " already exists");
        }
        long id = ids.incrementAndGet();
        ObjectNode item = body.deepCopy();
        item.put("id", id);
        catalog.put(id, item);
        return json(201, item);
    }

    /**
     * A list answer: {@code conditions} (the subset the connector uses: {@code a/b=123}, {@code a="text"},
     * {@code a=false}, joined by {@code and}), then {@code page} (from 1) and {@code pageSize} (max 1000).
     */
    private ResponseDefinition page(Request r, java.util.Collection<ObjectNode> all,
            Map<String, Predicate<String>> ignoredOk) {
        int page = intParam(r, "page", 1);
        int size = intParam(r, "pageSize", 25);
        if (page < 1 || size < 1 || size > 1000) {
            throw new BadRequest("page must be >= 1 and pageSize 1..1000");
        }
        List<ObjectNode> matching = new ArrayList<>(all);
        QueryParameter q = r.queryParameter("conditions");
        if (q.isPresent()) {
            for (String clause : q.firstValue().split("(?i)\\s+and\\s+")) {
                Matcher m = Pattern.compile("\\s*([A-Za-z]+(?:/[A-Za-z]+)?)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|\\d+|true|false)\\s*")
                        .matcher(clause);
                if (!m.matches()) {
                    throw new BadRequest("conditions: cannot parse '" + clause + "'");
                }
                String field = m.group(1);
                String raw = m.group(2);
                String value = raw.startsWith("\"") ? raw.substring(1, raw.length() - 1).replace("\\\"", "\"") : raw;
                if (ignoredOk.containsKey(field) && ignoredOk.get(field).test(value)) {
                    continue;
                }
                matching.removeIf(n -> {
                    JsonNode v = n;
                    for (String part : field.split("/")) {
                        v = v.path(part);
                    }
                    return v.isMissingNode() || !v.asText().equalsIgnoreCase(value);
                });
            }
        }
        ArrayNode out = JSON.createArrayNode();
        matching.stream().skip((long) (page - 1) * size).limit(size).forEach(out::add);
        return json(200, out);
    }

    private static int intParam(Request r, String name, int fallback) {
        QueryParameter p = r.queryParameter(name);
        if (!p.isPresent()) {
            return fallback;
        }
        try {
            return Integer.parseInt(p.firstValue());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer");
        }
    }

    private static void date(ObjectNode body, String field) {
        if (body.has(field)) {
            try {
                Instant.parse(body.get(field).asText());
            } catch (DateTimeParseException e) {
                throw new BadRequest(field + ": must be an ISO-8601 date-time such as 2026-11-01T00:00:00Z");
            }
        }
    }

    private static void unknownFields(ObjectNode body, Set<String> known) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new BadRequest(f + ": unknown field");
            }
        }
    }

    private static ObjectNode jsonObject(Request r) {
        JsonNode n = json(r);
        if (!n.isObject()) {
            throw new BadRequest("body must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static JsonNode json(Request r) {
        String type = r.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw new BadRequest("Content-Type must be application/json");
        }
        try {
            return JSON.readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new BadRequest("body is not JSON");
        }
    }

    private static String pathOf(Request r) {
        String url = r.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return path.startsWith(BASE) ? path.substring(BASE.length()) : path;
    }

    private static ResponseDefinition json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static ResponseDefinition error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message);
        if (status == 400) {
            body.putArray("errors").addObject().put("code", "InvalidField").put("message", message)
                    .put("resource", "request").put("field", message.contains(":") ? message.substring(0,
                            message.indexOf(':')) : "");
        }
        return json(status, body);
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
