package dev.metering.psa.customer.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer as psa-connector learnt it from {@code customers.events}; used by {@link CustomerDirectory}. */
@Entity
@Table(name = "customers")
public class CustomerEntity extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "partner_id", nullable = false)
    public String partnerId;

    /** When the managing partner took the customer over: an older migration never moves it back (R8). */
    @Column(name = "partner_since", nullable = false)
    public Instant partnerSince;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "billing_type", nullable = false)
    public String billingType;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
