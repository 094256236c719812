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
    @Operation(summary = "internal: this instance's partitions of the caller's usage (used by other instances); "
            + "real time: 304 when If-None-Match names the unchanged shard")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            implementation = UsageShards.Shard.class)))
    public jakarta.ws.rs.core.Response rows(@QueryParam("at") String at,
            @QueryParam("realtime") @DefaultValue("false") boolean realtime,
            @jakarta.ws.rs.HeaderParam("If-None-Match") String ifNoneMatch) {
        UsageShards.Tagged t = shards.localTagged(caller.partnerId(), UsageResource.instant(at), realtime);
        if (t.tag() == null) {
            return jakarta.ws.rs.core.Response.ok(t.shard()).build();
        }
        if (t.tag().equals(ifNoneMatch)) {
            return jakarta.ws.rs.core.Response.notModified().header("ETag", t.tag()).build();
        }
        return jakarta.ws.rs.core.Response.ok(t.shard()).header("ETag", t.tag()).build();
    }
}
