package dev.metering.billing.usage.rest;

import dev.metering.billing.cluster.service.Scatter.Tagged;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UsageShards.Shard.class)))
    public Response rows(@QueryParam("at") String at, @QueryParam("realtime") @DefaultValue("false") boolean realtime,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        Tagged<UsageShards.Shard> t = shards.localTagged(caller.partnerId(), UsageResource.instant(at), realtime);
        if (t.tag() == null) {
            return Response.ok(t.part()).build();
        }
        if (t.tag().equals(ifNoneMatch)) {
            return Response.notModified().header("ETag", t.tag()).build();
        }
        return Response.ok(t.part()).header("ETag", t.tag()).build();
    }
}
