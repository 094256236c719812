package dev.metering.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** #14: what a consumed event may hold, and the storable text of a dead letter. */
class ConsumedTextTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void anEventWhoseStringsFollowTheTextRuleAndWhoseIdsAreShortIsAccepted() {
        ObjectNode data = json.createObjectNode().put("customerId", "c-1").put("name", "Ünïcødé 😀\tGmbH");
        data.putArray("lines").addObject().put("customerId", "c-2").put("sku", "SKU-1");
        assertThat(ConsumedText.problem(data)).isNull();
        assertThat(ConsumedText.problem(null)).isNull();
    }

    @Test
    void nulControlCharactersLoneSurrogatesAndLongIdsAreRefusedAtAnyDepthNamingTheMember() {
        assertThat(ConsumedText.problem(json.createObjectNode().put("name", "a\u0000b"))).contains("data.name");
        assertThat(ConsumedText.problem(json.createObjectNode().put("name", "bell\u0007"))).contains("data.name");
        assertThat(ConsumedText.problem(json.createObjectNode().put("name", "x\u0085"))).contains("data.name");
        ObjectNode nested = json.createObjectNode();
        nested.putArray("lines").addObject().put("customerName", "lone \ud800");
        assertThat(ConsumedText.problem(nested)).contains("data.lines[0].customerName");
        assertThat(ConsumedText.problem(json.createObjectNode().put("partnerId", "p".repeat(513))))
                .contains("data.partnerId").contains("longer than 512");
        assertThat(ConsumedText.problem(json.createObjectNode().put("name", "n".repeat(10_000))))
                .as("a long name is no id").isNull();
        assertThat(ConsumedText.problem(json.createObjectNode().put("odd\u0000name", "v"))).contains("member name");
    }

    @Test
    void theTextOfADeadLetterIsAlwaysStorable() {
        assertThat(ConsumedText.storable("k\u0000ey \ud800 \udc00 😀")).isEqualTo("k\uFFFDey \uFFFD \uFFFD 😀");
        assertThat(ConsumedText.storable("plain")).isEqualTo("plain");
        assertThat(ConsumedText.storable(null)).isNull();
        assertThat(ConsumedText.idProblem("c-1")).isNull();
        assertThat(ConsumedText.idProblem("c\u0001")).isNotNull();
    }
}
