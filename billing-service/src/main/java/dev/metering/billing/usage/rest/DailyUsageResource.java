package dev.metering.billing.usage.rest;

import dev.metering.billing.usage.DailyActive;
import dev.metering.billing.usage.service.DailyUsage;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The calling partner's units seen per product on each of the last days (the usage page's chart), from the
 * projection's day buckets on every partition's owner. Only the caller's own customers are counted.
 */
@Path("/v1/usage/daily")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class DailyUsageResource {

    private final Caller caller;
    private final DailyUsage daily;

    public DailyUsageResource(Caller caller, DailyUsage daily) {
        this.caller = caller;
        this.daily = daily;
    }

    @GET
    @Operation(summary = "The caller's units seen per product and day over the last days (default 60)")
    @APIResponse(responseCode = "200", description = "the days, oldest first, the last one holding at")
    @APIResponse(responseCode = "400", description = "invalid-field: days outside 1.." + DailyActive.MAX_DAYS
            + " or at not an instant")
    @APIResponse(responseCode = "503", description = "a partition has no settled owner or its owner did not answer;"
            + " retry after Retry-After")
    public DailyUsage.Report daily(
            @Parameter(description = "how many days, 1.." + DailyActive.MAX_DAYS) @QueryParam("days") @DefaultValue("60") int days,
            @Parameter(description = "ISO-8601 instant of the last day; default: now") @QueryParam("at") String at,
            @HeaderParam("Authorization") String authorization) {
        return daily.report(caller.partnerId(), UsageResource.instant(at), days(days), authorization);
    }

    static int days(int days) {
        if (days < 1 || days > DailyActive.MAX_DAYS) {
            throw ApiException.invalidField("days", "range", "days must be 1.." + DailyActive.MAX_DAYS);
        }
        return days;
    }

}
