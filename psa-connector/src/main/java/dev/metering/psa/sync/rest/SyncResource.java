package dev.metering.psa.sync.rest;

import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Caller;
import dev.metering.platform.security.Roles;
import dev.metering.psa.sync.service.SyncService;
import dev.metering.psa.sync.service.SyncService.Reconciliation;
import dev.metering.psa.sync.service.SyncService.SyncReport;
import dev.metering.psa.sync.store.SyncStore;
import dev.metering.psa.sync.store.SyncStore.Status;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;

/** "Sync now", the per-customer sync status and the reconciliation report, for the caller's own partner. */
@Path("/v1/psa")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class SyncResource {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final SyncService sync;
    private final SyncStore store;
    private final Caller caller;

    public SyncResource(SyncService sync, SyncStore store, Caller caller) {
        this.sync = sync;
        this.store = store;
        this.caller = caller;
    }

    /** Syncs now; {@code period} (yyyy-MM) defaults to the newest invoiced period. */
    @POST
    @Path("/sync")
    public SyncReport syncNow(@QueryParam("period") String period) {
        return sync.sync(caller.partnerId(), period == null ? null : period(period));
    }

    /** The daily sync now: the latest real-time quantities on the agreements, for the open period. */
    @POST
    @Path("/sync/daily")
    public SyncReport syncDailyNow() {
        return sync.syncDaily(caller.partnerId());
    }

    public record SyncMode(String mode) {
    }

    /** {@code MONTHLY} (default: the invoiced quantity after each close) or {@code DAILY} (real-time, nightly). */
    @GET
    @Path("/sync-mode")
    public SyncMode mode() {
        return new SyncMode(sync.mode(caller.partnerId()));
    }

    @PUT
    @Path("/sync-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    public SyncMode mode(SyncMode body) {
        return new SyncMode(sync.mode(caller.partnerId(), body == null ? null : body.mode()));
    }

    @GET
    @Path("/sync-status")
    public List<Status> status() {
        return store.statuses(caller.partnerId());
    }

    @GET
    @Path("/reconciliation")
    public Reconciliation reconciliation(@QueryParam("period") String period) {
        return sync.reconcile(caller.partnerId(), period(period));
    }

    private static String period(String p) {
        if (p == null || !PERIOD.matcher(p).matches()) {
            throw ApiException.invalidField("period", "must be yyyy-MM", "period must be yyyy-MM");
        }
        return p;
    }
}
