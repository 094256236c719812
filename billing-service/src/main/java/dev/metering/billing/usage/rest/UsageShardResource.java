package dev.metering.billing.usage.rest;

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

/**
 * Between billing instances: this instance's part of the calling partner's usage (its own partitions), asked
 * by the instance that received the partner's request, with the partner's own token (same tenancy rule).
 */
@Path(UsageShards.ROWS_PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class UsageShardResource {

    private final Caller caller;
    private final UsageShards shards;

    public UsageShardResource(Caller caller, UsageShards shards) {
        this.caller = caller;
        this.shards = shards;
    }

    @GET
    @Operation(summary = "internal: this instance's partitions of the caller's usage (used by other instances)")
    public UsageShards.Shard rows(@QueryParam("at") String at,
            @QueryParam("realtime") @DefaultValue("false") boolean realtime) {
        return shards.local(caller.partnerId(), UsageResource.instant(at), realtime);
    }
}
