package dev.metering.customer.managed;

import dev.metering.contracts.BillingType;
import dev.metering.contracts.PartnerTier;
import dev.metering.contracts.customer.Contact;
import dev.metering.contracts.customer.CustomerEvent;
import dev.metering.contracts.customer.CustomerEvent.MigrationParty;
import dev.metering.customer.config.EventStreams;
import dev.metering.customer.managed.projection.CustomerProjection;
import dev.metering.customer.partner.PartnerService;
import dev.metering.customer.partner.PartnerState;
import dev.metering.platform.error.ApiException;
import dev.metering.platform.eventstore.CommandExecutor;
import dev.metering.platform.eventstore.Decision;
import dev.metering.platform.eventstore.Loaded;
import dev.metering.platform.eventstore.StoredEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs customer commands (R4–R8, ingest keys) through the event store, with partner scoping: a
 * partner caller only ever reaches its own customers (anything else is 404, never its data); the
 * partner named by an open migration may additionally speak for NEW_PARTNER on that migration.
 */
@ApplicationScoped
public class CustomerService {

    /** Prefix of plaintext ingest keys, so a leaked one is recognisable by secret scanners. */
    public static final String INGEST_KEY_PREFIX = "mik_";

    private final CommandExecutor executor;
    private final EventStreams streams;
    private final CustomerProjection projection;
    private final PartnerService partners;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public CustomerService(CommandExecutor executor, EventStreams streams, CustomerProjection projection,
            PartnerService partners) {
        this.executor = executor;
        this.streams = streams;
        this.projection = projection;
        this.partners = partners;
    }

    public record NewCustomer(String name, String showAs, String dataGeography, BillingType billingType,
            Contact contact) {
    }

    /** An ingest key as issued: {@code key} is shown to the caller once and never stored. */
    public record IssuedKey(String customerId, String keyId, String key, Instant issuedAt) {
    }

    public Uni<Decision<CustomerState, CustomerEvent>> create(String partnerId, NewCustomer c) {
        String customerId = UUID.randomUUID().toString();
        return partners.find(partnerId).flatMap(partner -> {
            if (partner == null) {
                throw new ApiException(409, "partner-not-registered", "partner " + partnerId
                        + " is not registered; an operator registers partners first (POST /v1/partners)");
            }
            return executor.execute(streams.customers(), EventStreams.customerStream(customerId), 0,
                    loaded -> new CustomerCommand.Create(customerId, partnerId, partner.tier(), c.name(), c.showAs(),
                            c.dataGeography(), c.billingType(), c.contact(), clock.instant()),
                    projection.step());
        });
    }

    /** The read model's view, scoped ({@code partnerScope} null for operators); 404 outside the scope. */
    public Uni<CustomerView> get(String customerId, Actor actor) {
        return projection.find(customerId, actor.operator() ? null : actor.partnerId()).map(v -> {
            if (v == null) {
                throw ApiException.notFound("customer");
            }
            return v;
        });
    }

    public Uni<List<CustomerView>> list(Actor actor, String partnerFilter, String nameContains, int offset,
            int limit) {
        return projection.list(scope(actor, partnerFilter), nameContains, offset, limit);
    }

    public Uni<Long> count(Actor actor, String partnerFilter, String nameContains) {
        return projection.count(scope(actor, partnerFilter), nameContains);
    }

    /** R8: the open migration requests the actor is a party to (a partner: leaving or joining; an operator: all). */
    public Uni<List<MigrationView>> openMigrations(Actor actor) {
        return projection.openMigrations(actor.operator() ? null : actor.partnerId());
    }

    private static String scope(Actor actor, String partnerFilter) {
        return actor.operator() ? partnerFilter : actor.partnerId();
    }

    /** The customer's whole history (its events, oldest first), scoped like {@link #get}. */
    public Uni<List<StoredEvent>> history(String customerId, Actor actor) {
        return executor.store().load(EventStreams.customerStream(customerId)).map(events -> {
            CustomerState state = streams.customers().fold(events);
            visible(state, actor, false);
            return events;
        });
    }

    public Uni<Decision<CustomerState, CustomerEvent>> rename(String id, Actor actor, Integer ifMatch, String name,
            String showAs) {
        return run(id, actor, ifMatch, c -> new CustomerCommand.Rename(name, showAs, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> changeContact(String id, Actor actor, Integer ifMatch,
            Contact contact) {
        return run(id, actor, ifMatch, c -> new CustomerCommand.ChangeContact(contact, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> setPartnerAssistance(String id, Actor actor, Integer ifMatch,
            boolean enabled) {
        return run(id, actor, ifMatch, c -> new CustomerCommand.SetPartnerAssistance(enabled, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> changeBillingType(String id, Actor actor, Integer ifMatch,
            BillingType to, Instant effectiveAt, String licenceKey) {
        // the managing partner's tier decides whether monthly is allowed (R5)
        return loadVisible(id, actor, false).flatMap(loaded -> partnerTier(loaded.state().partnerId()))
                .flatMap(tier -> run(id, actor, ifMatch, c -> new CustomerCommand.ChangeBillingType(to, effectiveAt,
                        licenceKey, tier, clock.instant())));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> requestMigration(String id, Actor actor, Integer ifMatch,
            String toPartnerId) {
        String migrationId = UUID.randomUUID().toString();
        return loadVisible(id, actor, false)
                .flatMap(loaded -> toPartnerId == null ? Uni.createFrom().item((PartnerState.Registered) null)
                        : partners.find(toPartnerId))
                .flatMap(target -> {
                    if (toPartnerId != null && target == null) {
                        throw ApiException.invalidField("toPartnerId", "unknown partner",
                                "toPartnerId names no registered partner");
                    }
                    return run(id, actor, ifMatch, c -> new CustomerCommand.RequestMigration(migrationId, toPartnerId,
                            actor, clock.instant()));
                });
    }

    public Uni<Decision<CustomerState, CustomerEvent>> consent(String id, String migrationId, MigrationParty party,
            Actor actor, Integer ifMatch) {
        return runForMigration(id, actor, ifMatch,
                c -> new CustomerCommand.GiveMigrationConsent(migrationId, party, actor, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> reject(String id, String migrationId, MigrationParty party,
            String reason, Actor actor, Integer ifMatch) {
        return runForMigration(id, actor, ifMatch,
                c -> new CustomerCommand.RejectMigration(migrationId, party, reason, actor, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> withdraw(String id, String migrationId, MigrationParty party,
            Actor actor, Integer ifMatch) {
        return runForMigration(id, actor, ifMatch,
                c -> new CustomerCommand.WithdrawMigration(migrationId, party, actor, clock.instant()));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> executeMigration(String id, String migrationId, Actor actor,
            Integer ifMatch, Instant effectiveAt) {
        return loadVisible(id, actor, false).flatMap(loaded -> {
            CustomerState.Migration m = loaded.state().migration();
            String target = m != null && m.migrationId().equals(migrationId) ? m.toPartnerId() : null;
            return target == null ? Uni.createFrom().item((PartnerTier) null) : partnerTier(target);
        }).flatMap(tier -> run(id, actor, ifMatch, c -> new CustomerCommand.ExecuteMigration(migrationId, tier,
                effectiveAt, actor, clock.instant())));
    }

    /** Issues a new ingest key: 256 random bits; only its SHA-256 hash is stored and published. */
    public Uni<IssuedKey> issueIngestKey(String id, Actor actor) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = INGEST_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String keyId = "ik_" + UUID.randomUUID().toString().replace("-", "");
        Instant at = clock.instant();
        return run(id, actor, null, c -> new CustomerCommand.IssueIngestKey(keyId, sha256Hex(key), at))
                .map(d -> new IssuedKey(id, keyId, key, at));
    }

    public Uni<Decision<CustomerState, CustomerEvent>> revokeIngestKey(String id, String keyId, Actor actor) {
        return run(id, actor, null, c -> new CustomerCommand.RevokeIngestKey(keyId, clock.instant()));
    }

    /** Key ids of the customer's active ingest keys. */
    public Uni<List<String>> ingestKeys(String id, Actor actor) {
        return loadVisible(id, actor, false).map(l -> l.state().ingestKeys().keySet().stream().sorted().toList());
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: what telemetry-ingest compares against. */
    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<PartnerTier> partnerTier(String partnerId) {
        return partners.find(partnerId).map(p -> p == null ? null : p.tier());
    }

    private Uni<Loaded<CustomerState.Active>> loadVisible(String id, Actor actor, boolean asMigrationTarget) {
        return executor.load(streams.customers(), EventStreams.customerStream(id))
                .map(l -> new Loaded<>(l.streamId(), visible(l.state(), actor, asMigrationTarget), l.version()));
    }

    private Uni<Decision<CustomerState, CustomerEvent>> run(String id, Actor actor, Integer ifMatch,
            Function<CustomerState.Active, CustomerCommand> command) {
        return executor.execute(streams.customers(), EventStreams.customerStream(id), ifMatch,
                loaded -> command.apply(visible(loaded.state(), actor, false)), projection.step());
    }

    private Uni<Decision<CustomerState, CustomerEvent>> runForMigration(String id, Actor actor, Integer ifMatch,
            Function<CustomerState.Active, CustomerCommand> command) {
        return executor.execute(streams.customers(), EventStreams.customerStream(id), ifMatch,
                loaded -> command.apply(visible(loaded.state(), actor, true)), projection.step());
    }

    /**
     * The customer if the actor may see it: operators always; partners only their own customer, or
     * (with {@code asMigrationTarget}) one whose open migration names them as the new partner.
     */
    static CustomerState.Active visible(CustomerState state, Actor actor, boolean asMigrationTarget) {
        if (state instanceof CustomerState.Active c) {
            if (actor.operator() || actor.isPartner(c.partnerId())) {
                return c;
            }
            if (asMigrationTarget && c.migration() != null && actor.isPartner(c.migration().toPartnerId())) {
                return c;
            }
        }
        throw ApiException.notFound("customer");
    }
}
