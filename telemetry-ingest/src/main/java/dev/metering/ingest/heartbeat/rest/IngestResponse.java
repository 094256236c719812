package dev.metering.ingest.heartbeat.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an ingest request: counts and one result per item, in body order. */
@Schema(name = "IngestResponse")
public record IngestResponse(int accepted, int rejected, List<ItemResult> results) {

    @Schema(name = "ItemResult")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(
            @Schema(description = "0-based position of the item in the body (NDJSON: among non-blank lines)") int index,
            @Schema(description = "the item's eventId as far as it could be read") String eventId,
            @Schema(enumeration = { "accepted", "rejected" }) String status,
            @Schema(description = "machine-readable reason of a rejection, e.g. missing-field:deviceId, too-old, "
                    + "utm9-not-supported") String reason) {
    }
}
