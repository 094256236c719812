package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metering.platform.error.DomainException;
import dev.metering.platform.error.DomainException.Kind;
import dev.metering.platform.eventstore.Decider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Decider contract and the given/when/then helper, on a toy counter that may not go below zero. */
class GivenWhenThenTest {

    record Add(int amount) {
    }

    record Added(int amount) {
    }

    static final Decider<Add, Integer, Added> COUNTER = new Decider<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Integer evolve(Integer state, Added event) {
            return state + event.amount();
        }

        @Override
        public List<Added> decide(Add command, Integer state) {
            if (state + command.amount() < 0) {
                throw new DomainException(Kind.CONFLICT, "below-zero", "the counter would go below zero");
            }
            return command.amount() == 0 ? List.of() : List.of(new Added(command.amount()));
        }
    };

    final GivenWhenThen<Add, Integer, Added> spec = GivenWhenThen.of(COUNTER);

    @Test
    void foldIsTheLeftFoldOfEvolve() {
        assertThat(COUNTER.fold(List.of(new Added(2), new Added(3), new Added(-1)))).isEqualTo(4);
        assertThat(COUNTER.fold(List.of())).isZero();
    }

    @Test
    void givenWhenThenPassesOnTheExpectedEventsAndStates() {
        spec.given(new Added(1)).when(new Add(2)).then(new Added(2));
        spec.given(new Added(1)).when(new Add(0)).then();
        assertThat(spec.given(new Added(1)).when(new Add(2)).state()).isEqualTo(3);
        assertThat(spec.given(new Added(1)).when(new Add(-5)).thenRefused(Kind.CONFLICT, "below-zero").getMessage())
                .contains("below zero");
    }

    @Test
    void givenWhenThenFailsLoudlyOnAnyMismatch() {
        assertThatThrownBy(() -> spec.given().when(new Add(2)).then(new Added(3))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected [Added[amount=3]]");
        assertThatThrownBy(() -> spec.given().when(new Add(2)).thenRefused(Kind.CONFLICT, "below-zero"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but decided");
        assertThatThrownBy(() -> spec.given().when(new Add(-1)).thenRefused(Kind.INVALID, "below-zero"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but was  CONFLICT");
        assertThatThrownBy(() -> spec.given().when(new Add(-1)).then()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("refused");
    }
}
