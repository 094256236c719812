package dev.metering.billing.invoice.rest;

import dev.metering.billing.cluster.service.Peers;
import dev.metering.billing.invoice.service.CloseLines;
import dev.metering.platform.error.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Between billing instances: this owner's customer lines of a close (see {@link CloseLines}). */
@Path("/internal/v1/periods/{period}/lines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class CloseLinesResource {

    private final CloseLines lines;
    private final Peers peers;

    public CloseLinesResource(CloseLines lines, Peers peers) {
        this.lines = lines;
        this.peers = peers;
    }

    @POST
    @Operation(summary = "internal: this instance's customer lines of a close (called by the closing instance)")
    public CloseLines.Lines lines(@PathParam("period") String period,
            @HeaderParam(Peers.SECRET_HEADER) String secret, CloseLines.Request request) {
        if (!peers.trusted(secret)) {
            throw new ApiException(401, "unauthenticated", "only billing instances of this cluster may ask");
        }
        PeriodResource.period(period);
        if (request == null || request.s() == null || request.endOffsets() == null) {
            throw ApiException.badRequest("invalid-request", "s and endOffsets are required");
        }
        return lines.own(request.s(), CloseLines.ends(request.endOffsets()));
    }
}
