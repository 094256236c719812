package dev.metering.billing.invoice.rest;

import dev.metering.billing.invoice.LineEvidence;
import dev.metering.billing.invoice.store.InvoiceStore;
import dev.metering.contracts.billing.BillingEvent.AdjustmentIssued;
import dev.metering.contracts.billing.BillingEvent.InvoiceIssued;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Invoices, their adjustments and evidence (R25–R28). A partner sees its own, a distributor those of
 * its partners (R26), an operator all; anything else answers 404.
 */
@Path("/v1/invoices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.PARTNER, Roles.DISTRIBUTOR, Roles.OPERATOR })
public class InvoiceResource {

    private final Caller caller;
    private final InvoiceStore store;

    public InvoiceResource(Caller caller, InvoiceStore store) {
        this.caller = caller;
        this.store = store;
    }

    @GET
    public List<InvoiceIssued> list(@QueryParam("period") String period) {
        String p = period == null || period.isBlank() ? null : PeriodResource.period(period).toString();
        if (caller.isOperator()) {
            return store.invoices(null, null, p);
        }
        if (caller.isDistributor()) {
            return store.invoices(null, caller.distributorId(), p);
        }
        return store.invoices(caller.partnerId(), null, p);
    }

    public record InvoiceDetail(InvoiceIssued invoice, List<AdjustmentIssued> adjustments, boolean published) {
    }

    @GET
    @Path("/{invoiceId}")
    public InvoiceDetail detail(@PathParam("invoiceId") String invoiceId) {
        InvoiceStore.Stored<InvoiceIssued> stored = visible(invoiceId);
        return new InvoiceDetail(stored.document(), store.adjustments(invoiceId), stored.published());
    }

    public record Evidence(String invoiceId, List<LineEvidence> lines) {
    }

    /** R26: the units every line counted. */
    @GET
    @Path("/{invoiceId}/evidence")
    public Evidence evidence(@PathParam("invoiceId") String invoiceId) {
        visible(invoiceId);
        return new Evidence(invoiceId, store.evidence(invoiceId));
    }

    private InvoiceStore.Stored<InvoiceIssued> visible(String invoiceId) {
        InvoiceStore.Stored<InvoiceIssued> stored = store.invoice(invoiceId);
        if (stored == null || !canSee(stored.document())) {
            throw ApiException.notFound("invoice " + invoiceId);
        }
        return stored;
    }

    private boolean canSee(InvoiceIssued invoice) {
        if (caller.isOperator()) {
            return true;
        }
        if (caller.isDistributor()) {
            return invoice.distributorId().equals(caller.distributorId());
        }
        return invoice.partnerId().equals(caller.partnerId());
    }
}
