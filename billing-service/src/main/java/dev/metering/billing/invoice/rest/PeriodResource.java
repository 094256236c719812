package dev.metering.billing.invoice.rest;

import dev.metering.billing.invoice.close.PeriodCloser;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Operator trigger of a period close (R22); repeating it is safe and issues nothing new. */
@Path("/v1/periods")
@Produces(MediaType.APPLICATION_JSON)
public class PeriodResource {

    @Inject
    PeriodCloser closer;

    @POST
    @Path("/{period}/close")
    @RolesAllowed(Roles.OPERATOR)
    public PeriodCloser.Outcome close(@PathParam("period") String period) {
        return closer.close(period(period));
    }

    static YearMonth period(String text) {
        try {
            if (text == null || !text.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("format", String.valueOf(text), 0);
            }
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("period", "yyyy-MM", "period must be yyyy-MM, e.g. 2026-10");
        }
    }
}
