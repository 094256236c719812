package dev.metering.psa.mapping.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer's confirmed PSA company and agreement (one per customer, its partner's); used by {@link MappingStore}. */
@Entity
@Table(name = "customer_mappings")
public class CustomerMappingEntity extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "partner_id", nullable = false)
    public String partnerId;

    @Column(name = "psa_company_id", nullable = false)
    public long companyId;

    @Column(name = "psa_company_name")
    public String companyName;

    @Column(name = "psa_agreement_id", nullable = false)
    public long agreementId;

    @Column(name = "confirmed_by", nullable = false)
    public String confirmedBy;

    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;
}
