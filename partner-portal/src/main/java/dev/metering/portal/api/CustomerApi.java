package dev.metering.portal.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** customer-service's public {@code /v1} API, called with the signed-in person's own bearer token. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface CustomerApi {

    record Me(String subject, String partnerId, String distributorId, List<String> roles) {

        public boolean partner() {
            return roles != null && roles.contains("partner");
        }

        public boolean distributor() {
            return roles != null && roles.contains("distributor");
        }

        public boolean operator() {
            return roles != null && roles.contains("operator");
        }

        /** What the header shows: the partner, the distributor or "operator". */
        public String who() {
            return partnerId != null ? partnerId : distributorId != null ? distributorId : "operator";
        }

        public String role() {
            return partner() ? "partner" : distributor() ? "distributor" : operator() ? "operator" : "";
        }
    }

    record Partner(String id, String name, String tier, String distributorId, String country, int version) {

        public boolean flex() {
            return "CONNECT_FLEX".equals(tier);
        }
    }

    record Address(String address1, String address2, String city, String state, String postalCode,
            String countryCode) {
    }

    record Contact(String firstName, String lastName, String email, String phone, Address address) {
    }

    record Customer(String id, String partnerId, String name, String showAs, String dataGeography,
            String dataRegion, String billingType, boolean partnerAssistance, Contact contact, int version) {
    }

    /** customer-service's page-number paging ({@code pages.items}: all matching items). */
    record CustomerPage(List<Customer> items, Pages pages) {
    }

    record Pages(int current, int size, Long total, Long items) {
    }

    @GET
    @Path("/v1/me")
    Me me(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/v1/partners/{id}")
    Partner partner(@HeaderParam("Authorization") String authorization, @PathParam("id") String partnerId);

    record PartnerPage(List<Partner> items, Pages pages) {
    }

    /** An operator's: all partners; a distributor's: its own. */
    @GET
    @Path("/v1/partners")
    PartnerPage partners(@HeaderParam("Authorization") String authorization, @QueryParam("page") int page,
            @QueryParam("pageSize") int pageSize);

    /** R2: the partner's own distributor approves it for MSP Flex. */
    @POST
    @Path("/v1/partners/{id}/flex-approval")
    Partner approveFlex(@HeaderParam("Authorization") String authorization, @PathParam("id") String partnerId);

    @GET
    @Path("/v1/customers")
    CustomerPage customers(@HeaderParam("Authorization") String authorization, @QueryParam("name") String name,
            @QueryParam("page") int page, @QueryParam("pageSize") int pageSize);

    @GET
    @Path("/v1/customers/{id}")
    Customer customer(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/v1/customers")
    Customer create(@HeaderParam("Authorization") String authorization, Map<String, Object> body);

    @PUT
    @Path("/v1/customers/{id}/name")
    Customer rename(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            Map<String, Object> body);

    /** Partner Assistance on or off ({@code {"enabled": true}}): Launch Central Admin needs it on. */
    @PUT
    @Path("/v1/customers/{id}/partner-assistance")
    Customer partnerAssistance(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            Map<String, Object> body);

    // ---- ingest keys (the customer console)

    record KeyIds(List<String> items) {
    }

    /** The plaintext {@code key} is in this answer only (the service keeps its hash). */
    record IssuedKey(String customerId, String keyId, String key, String issuedAt) {
    }

    @GET
    @Path("/v1/customers/{id}/ingest-keys")
    KeyIds ingestKeys(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId);

    @POST
    @Path("/v1/customers/{id}/ingest-keys")
    IssuedKey issueIngestKey(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId);

    @DELETE
    @Path("/v1/customers/{id}/ingest-keys/{keyId}")
    void revokeIngestKey(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId,
            @PathParam("keyId") String keyId);

    // ---- migrations (R8)

    record Migration(String customerId, String migrationId, String status, String fromPartnerId, String toPartnerId,
            List<String> consents, List<String> missingConsents, int version) {

        public boolean missing(String party) {
            return missingConsents != null && missingConsents.contains(party);
        }

        public boolean ready() {
            return missingConsents == null || missingConsents.isEmpty();
        }
    }

    record Migrations(List<Migration> items) {
    }

    /** The open requests the caller is a party to (an operator: all). */
    @GET
    @Path("/v1/migrations")
    Migrations migrations(@HeaderParam("Authorization") String authorization);

    /** {@code action}: consents, rejection, withdrawal; {@code body}: {@code party} (and a rejection's reason). */
    @POST
    @Path("/v1/customers/{id}/migrations/{migrationId}/{action}")
    Migration migrationAction(@HeaderParam("Authorization") String authorization, @PathParam("id") String customerId,
            @PathParam("migrationId") String migrationId, @PathParam("action") String action,
            Map<String, Object> body);

    /** R8: an operator carries out a fully consented request. */
    @POST
    @Path("/v1/customers/{id}/migrations/{migrationId}/execution")
    Migration executeMigration(@HeaderParam("Authorization") String authorization,
            @PathParam("id") String customerId, @PathParam("migrationId") String migrationId,
            Map<String, Object> body);
}
