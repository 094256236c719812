package dev.metering.billing.usage.rest;

import dev.metering.billing.usage.service.DailyUsage;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Between billing instances: this instance's partitions of the calling partner's days, with the partner's token. */
@Path(DailyUsage.PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class DailyUsageShardResource {

    private final Caller caller;
    private final DailyUsage daily;

    public DailyUsageShardResource(Caller caller, DailyUsage daily) {
        this.caller = caller;
        this.daily = daily;
    }

    @GET
    @Operation(summary = "internal: this instance's partitions of the caller's days (used by other instances)")
    public DailyUsage.Shard daily(@QueryParam("at") String at, @QueryParam("days") @DefaultValue("60") int days) {
        if (at == null || at.isBlank()) {
            throw ApiException.invalidField("at", "required", "at is required");
        }
        return daily.local(caller.partnerId(), UsageResource.instant(at), DailyUsageResource.days(days));
    }
}
