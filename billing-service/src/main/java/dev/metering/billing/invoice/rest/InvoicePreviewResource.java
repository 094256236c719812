package dev.metering.billing.invoice.rest;

import dev.metering.billing.invoice.CloseSchedule;
import dev.metering.billing.invoice.service.InvoicePreview;
import dev.metering.billing.usage.rest.UsageResource;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.YearMonth;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The calling partner's invoice for a period as a close at an instant would issue it (R22–R27), computed like
 * the close from every partition's owner; nothing is stored. Only the caller's own customers are in it.
 */
@Path("/v1/invoices/preview")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class InvoicePreviewResource {

    private final Caller caller;
    private final InvoicePreview preview;
    private final CloseSchedule schedule;

    public InvoicePreviewResource(Caller caller, InvoicePreview preview, CloseSchedule schedule) {
        this.caller = caller;
        this.preview = preview;
        this.schedule = schedule;
    }

    @GET
    @Operation(summary = "The caller's invoice for a period as a close at an instant would issue it (nothing stored)")
    @APIResponse(responseCode = "200", description = "the preview; invoice is null when no customer is MONTHLY")
    @APIResponse(responseCode = "400", description = "invalid-field: period is not yyyy-MM or at is not an instant")
    @APIResponse(responseCode = "503", description = "a partition has no settled owner or its owner did not answer;"
            + " retry after Retry-After")
    public InvoicePreview.Preview preview(
            @Parameter(description = "yyyy-MM; default: the open period (the first whose close instant is ahead)")
            @QueryParam("period") String period,
            @Parameter(description = "ISO-8601 instant the close is imagined at; default: now")
            @QueryParam("at") String at,
            @HeaderParam("Authorization") String authorization) {
        YearMonth p = period == null || period.isBlank() ? schedule.lastClosedAt(Instant.now()).plusMonths(1)
                : PeriodResource.period(period.trim());
        return preview.preview(caller.partnerId(), p, UsageResource.instant(at), schedule.closeOf(p), authorization);
    }
}
