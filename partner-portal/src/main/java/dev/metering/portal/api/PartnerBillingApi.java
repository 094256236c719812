package dev.metering.portal.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * billing-service's partner data behind the invoice preview, the drill-down and the 60-day chart: the invoice
 * preview (R22–R27), an invoice's evidence (R26) and the units seen per product and day.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface PartnerBillingApi {

    /** R26: the units one invoice line counted ({@code user:…}, {@code device:…}, {@code serial:…}). */
    record LineEvidence(String customerId, String product, String sku, List<String> unitIds) {
    }

    record Evidence(String invoiceId, List<LineEvidence> lines) {
    }

    /** The invoice a close at {@code at} would issue; {@code invoice} is null without MONTHLY customers (R24). */
    record Preview(String period, String at, String closeInstant, BillingApi.Invoice invoice,
            List<LineEvidence> evidence, List<String> problems) {
    }

    record Day(String day, String end, Map<String, Integer> units, int total) {

        public int count(String product) {
            Integer n = units == null ? null : units.get(product);
            return n == null ? 0 : n;
        }
    }

    record Daily(String partnerId, String at, List<String> products, List<Day> days) {
    }

    @GET
    @Path("/v1/invoices/preview")
    Preview preview(@HeaderParam("Authorization") String authorization, @QueryParam("period") String period,
            @QueryParam("at") String at);

    @GET
    @Path("/v1/invoices/{id}/evidence")
    Evidence evidence(@HeaderParam("Authorization") String authorization, @PathParam("id") String invoiceId);

    /** The same, as billing's JSON text (the chart's script reads it unchanged). */
    @GET
    @Path("/v1/usage/daily")
    String dailyJson(@HeaderParam("Authorization") String authorization, @QueryParam("days") int days,
            @QueryParam("at") String at);

    @GET
    @Path("/v1/usage/daily")
    Daily daily(@HeaderParam("Authorization") String authorization, @QueryParam("days") int days,
            @QueryParam("at") String at);
}
