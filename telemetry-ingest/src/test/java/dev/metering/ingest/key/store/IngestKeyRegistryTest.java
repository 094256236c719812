package dev.metering.ingest.key.store;

import dev.metering.ingest.key.IngestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The in-memory key table: hash -> customer, revocation wins over any replayed issue. */
class IngestKeyRegistryTest {

    final IngestKeyRegistry registry = new IngestKeyRegistry();

    @Test
    void keysAreComparedByTheirSha256Hex() {
        assertThat(IngestKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        registry.issued("k-1", "cust-1", IngestKeys.hash("secret-1"));
        assertThat(registry.customerFor("secret-1")).contains("cust-1");
        assertThat(registry.customerFor(" secret-1 ")).contains("cust-1");
        assertThat(registry.customerFor("secret-2")).isEmpty();
        assertThat(registry.customerFor(null)).isEmpty();
        assertThat(registry.customerFor("")).isEmpty();
        assertThat(registry.customerFor("x".repeat(2000))).isEmpty();
    }

    @Test
    void anUpperCaseHashFromThePublisherStillMatches() {
        registry.issued("k-1", "cust-1", IngestKeys.hash("s").toUpperCase());
        assertThat(registry.customerFor("s")).contains("cust-1");
    }

    @Test
    void revocationRemovesTheKeyAndAReplayedIssueNeverResurrectsIt() {
        registry.issued("k-1", "cust-1", IngestKeys.hash("s1"));
        registry.issued("k-2", "cust-1", IngestKeys.hash("s2"));
        assertThat(registry.isActiveCustomer("cust-1")).isTrue();
        registry.revoked("k-1");
        assertThat(registry.customerFor("s1")).isEmpty();
        assertThat(registry.customerFor("s2")).contains("cust-1");
        assertThat(registry.isActiveCustomer("cust-1")).isTrue();
        registry.issued("k-1", "cust-1", IngestKeys.hash("s1"));
        assertThat(registry.customerFor("s1")).isEmpty();
        registry.revoked("k-2");
        assertThat(registry.isActiveCustomer("cust-1")).isFalse();
        assertThat(registry.liveKeys()).isZero();
    }

    @Test
    void aRevocationSeenBeforeItsIssueStillWins() {
        registry.revoked("k-1");
        registry.issued("k-1", "cust-1", IngestKeys.hash("s1"));
        assertThat(registry.customerFor("s1")).isEmpty();
    }

    @Test
    void issuingIsIdempotentAndAHashBelongsToOneKey() {
        registry.issued("k-1", "cust-1", IngestKeys.hash("s1"));
        registry.issued("k-1", "cust-1", IngestKeys.hash("s1"));
        registry.issued("k-9", "cust-2", IngestKeys.hash("s1"));
        assertThat(registry.customerFor("s1")).contains("cust-1");
        assertThat(registry.liveKeys()).isEqualTo(1);
        registry.revoked("k-1");
        assertThat(registry.isActiveCustomer("cust-1")).isFalse();
        assertThat(registry.isActiveCustomer(null)).isFalse();
    }
}
