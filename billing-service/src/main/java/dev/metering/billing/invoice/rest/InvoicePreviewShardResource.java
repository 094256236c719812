package dev.metering.billing.invoice.rest;

import dev.metering.billing.invoice.service.InvoicePreview;
import dev.metering.billing.usage.rest.UsageResource;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Between billing instances: this instance's partitions of the calling partner's invoice preview, asked by the
 * instance that received the partner's request, with the partner's own token (same tenancy rule).
 */
@Path(InvoicePreview.LINES_PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class InvoicePreviewShardResource {

    private final Caller caller;
    private final InvoicePreview preview;

    public InvoicePreviewShardResource(Caller caller, InvoicePreview preview) {
        this.caller = caller;
        this.preview = preview;
    }

    @GET
    @Operation(summary = "internal: this instance's partitions of the caller's invoice preview (used by other instances)")
    public InvoicePreview.Shard lines(@QueryParam("at") String at) {
        if (at == null || at.isBlank()) {
            throw ApiException.invalidField("at", "required", "at is required");
        }
        return preview.local(caller.partnerId(), UsageResource.instant(at));
    }
}
