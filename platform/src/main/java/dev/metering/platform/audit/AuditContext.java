package dev.metering.platform.audit;

import dev.metering.contracts.Audit;
import dev.metering.platform.error.ErrorMappers;
import dev.metering.platform.security.Roles;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Audit} of the work in progress: inside an HTTP request the token's subject and role, the
 * request's correlation id (see {@link RequestIds}) and the request's id as causation; outside a request
 * (schedulers, consumers without an explicit cause) the service itself ({@code system:<application>},
 * role {@code system}) with a fresh correlation id.
 */
@ApplicationScoped
public class AuditContext {

    public static final String SYSTEM_ROLE = "system";

    private final String application;

    public AuditContext(@ConfigProperty(name = "quarkus.application.name", defaultValue = "service") String application) {
        this.application = application;
    }

    public Audit current() {
        if (Arc.container() != null && Arc.container().requestContext().isActive()) {
            RoutingContext rc = routingContext();
            if (rc != null) {
                String correlation = rc.request().getHeader(ErrorMappers.CORRELATION_HEADER);
                String requestId = rc.request().getHeader(RequestIds.REQUEST_ID_HEADER);
                JsonWebToken jwt = token();
                String actor = jwt == null || jwt.getSubject() == null ? "anonymous" : jwt.getSubject();
                return new Audit(actor, jwt == null ? "anonymous" : roleOf(jwt.getGroups()),
                        correlation == null ? UUID.randomUUID().toString() : correlation,
                        requestId == null ? UUID.randomUUID().toString() : requestId);
            }
        }
        return system(null, null);
    }

    /** The service acting on its own, caused by {@code causationId} within {@code correlationId} (fresh when null). */
    public Audit system(String correlationId, String causationId) {
        String id = UUID.randomUUID().toString();
        return new Audit("system:" + application, SYSTEM_ROLE, correlationId == null ? id : correlationId,
                causationId == null ? id : causationId);
    }

    /** The role an actor acts in: the strongest of its token's roles (operator, distributor, partner). */
    static String roleOf(Set<String> groups) {
        if (groups == null) {
            return "none";
        }
        for (String role : new String[] { Roles.OPERATOR, Roles.DISTRIBUTOR, Roles.PARTNER }) {
            if (groups.contains(role)) {
                return role;
            }
        }
        return "none";
    }

    private static RoutingContext routingContext() {
        InjectableInstance<CurrentVertxRequest> current = Arc.container().select(CurrentVertxRequest.class);
        return current.isResolvable() ? current.get().getCurrent() : null;
    }

    private static JsonWebToken token() {
        InjectableInstance<JsonWebToken> jwt = Arc.container().select(JsonWebToken.class);
        if (!jwt.isResolvable()) {
            return null;
        }
        try {
            JsonWebToken t = jwt.get();
            return t.getRawToken() == null ? null : t;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
